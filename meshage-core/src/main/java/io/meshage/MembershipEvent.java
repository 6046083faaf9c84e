package io.meshage;

import java.util.Map;
import java.util.Objects;

/**
 * What changed in the membership as one node sees it (see {@link MeshNode#onMembership}).
 *
 * @param type what happened
 * @param node the node it happened to (for {@link Type#LINK_UP} and {@link Type#LINK_DOWN}: the
 *     neighbour at the other end)
 * @param instance that node's instance id as last announced (0 when unknown)
 * @param address the node's IP address when this node has or had a link to it, else ""
 * @param tags the node's tags as last announced
 * @param reason why: the link's close reason, "said bye", "unreachable", the changed keys, ...
 */
public record MembershipEvent(
    Type type, String node, long instance, String address, Map<String, String> tags, String reason) {

  /** The kinds of membership change. */
  public enum Type {
    /** A node became reachable. */
    JOINED,
    /** A reachable node left after saying BYE (it closed). */
    LEFT,
    /** A reachable node vanished without BYE: it crashed, froze or was cut off. */
    FAILED,
    /** A reachable node announced a new instance: it restarted before it was seen gone. */
    RESTARTED,
    /** A reachable node announced other tags, status or values. */
    UPDATED,
    /** A link of this node to a neighbour came up. */
    LINK_UP,
    /** A link of this node to a neighbour went down (the reason says why). */
    LINK_DOWN
  }

  public MembershipEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(node, "node");
    address = address == null ? "" : address;
    tags = Map.copyOf(tags);
    reason = reason == null ? "" : reason;
  }

  /** One line for logs: {@code FAILED n3 (unreachable)}. */
  @Override
  public String toString() {
    return type + " " + node + (reason.isEmpty() ? "" : " (" + reason + ")");
  }
}
