package io.meshage.group;

import java.util.Objects;

/**
 * A member of groups: a user id, a session id, the mesh node the user is attached to, and the sink
 * that receives its group messages. Two members are the same member when their uids are equal.
 */
public final class Member {
  private final String uid;
  private final String sid;
  private final String node;
  private final MemberSink sink;

  /**
   * @throws IllegalArgumentException for an empty uid, sid or node, or a null sink
   */
  public Member(String uid, String sid, String node, MemberSink sink) {
    this.uid = require(uid, "uid");
    this.sid = require(sid, "sid");
    this.node = require(node, "node");
    if (sink == null) {
      throw new IllegalArgumentException("sink of member " + uid + " must not be null");
    }
    this.sink = sink;
  }

  private static String require(String value, String field) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("member " + field + " must not be empty");
    }
    if (value.length() > 256) {
      throw new IllegalArgumentException("member " + field + " longer than 256 characters");
    }
    return value;
  }

  public String uid() {
    return uid;
  }

  public String sid() {
    return sid;
  }

  /** The mesh node this member is attached to. */
  public String node() {
    return node;
  }

  public MemberSink sink() {
    return sink;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Member m && m.uid.equals(uid);
  }

  @Override
  public int hashCode() {
    return Objects.hash(uid);
  }

  @Override
  public String toString() {
    return "Member[" + uid + "/" + sid + "@" + node + "]";
  }
}
