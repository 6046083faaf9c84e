package io.meshage.internal.routing;

import io.meshage.internal.node.NodeCore;

/** Not shipped: a routing class that calls up into the node core, for {@code ArchitectureTest}. */
public final class ArchProbeCycle {
  private ArchProbeCycle() {}

  /** A dependency on the node package, which depends on this one: a cycle. */
  public static String nameOf(NodeCore core) {
    return core.name();
  }
}
