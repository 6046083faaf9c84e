package io.meshage.command;

/**
 * What a node accepts, as in Diarkis: ONLINE (the default) accepts new work, TAKEN keeps its
 * current users but takes no new ones, OFFLINE is about to shut down.
 */
public enum NodeStatus {
  ONLINE("o"),
  OFFLINE("f"),
  TAKEN("t");

  private final String code;

  NodeStatus(String code) {
    this.code = code;
  }

  /** The one-letter form carried in MSA metadata. */
  String code() {
    return code;
  }

  /** The status of {@code code}; ONLINE for null or an unknown code. */
  static NodeStatus ofCode(String code) {
    for (NodeStatus s : values()) {
      if (s.code.equals(code)) {
        return s;
      }
    }
    return ONLINE;
  }
}
