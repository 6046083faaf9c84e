package io.meshage.internal.cluster;

import io.meshage.command.NodeStatus;

/** The one-letter forms of {@link NodeStatus} carried in MSA metadata ({@code o}, {@code f}, {@code t}). */
final class StatusCodes {
  private StatusCodes() {}

  /** The one-letter form of {@code s}. */
  static String code(NodeStatus s) {
    return switch (s) {
      case ONLINE -> "o";
      case OFFLINE -> "f";
      case TAKEN -> "t";
    };
  }

  /** The status of {@code code}; ONLINE for null or an unknown code. */
  static NodeStatus ofCode(String code) {
    if (code == null) {
      return NodeStatus.ONLINE;
    }
    return switch (code) {
      case "f" -> NodeStatus.OFFLINE;
      case "t" -> NodeStatus.TAKEN;
      default -> NodeStatus.ONLINE;
    };
  }
}
