package io.meshage;

import java.util.List;

/**
 * A message seen by a handler: who sent it, to whom, its id, its decoded body, and the route it
 * has taken so far (origin first, the observing node last).
 */
public interface Message {
  String source();

  /**
   * The instance of the source when it sent this message (the random per-start id of its MSAs, see
   * {@link MeshNode#instance()}): tells two runs of one node name apart. 0 for a message built with
   * {@link #to} or {@link #toAll} that has not been sent.
   */
  long instance();

  /** The recipients it was addressed to; empty for a broadcast. */
  List<String> recipients();

  long id();

  /** Whether it is a broadcast. */
  boolean isBroadcast();

  /** The body: {@code byte[]}, {@code String} or an instance of a registered type. */
  Object body();

  /** Number of hops taken to reach the observing node. */
  int hops();

  /**
   * A message to send with {@link MeshNode#send(Message)}, prepared in the manner of meshage's
   * {@code Send(*Message)}: {@code body} to {@code recipients} (not empty).
   */
  static Message to(List<String> recipients, Object body) {
    if (recipients == null || recipients.isEmpty()) {
      throw new IllegalArgumentException("recipients must not be empty; use Message.toAll for a broadcast");
    }
    return new Outgoing(List.copyOf(recipients), false, java.util.Objects.requireNonNull(body, "body"));
  }

  /** A broadcast to send with {@link MeshNode#send(Message)}: {@code body} to every reachable node. */
  static Message toAll(Object body) {
    return new Outgoing(List.of(), true, java.util.Objects.requireNonNull(body, "body"));
  }

  /** The nodes it passed, origin first (for {@code snoop}, up to the observing node). */
  List<String> route();
}
