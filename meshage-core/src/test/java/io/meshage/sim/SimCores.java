package io.meshage.sim;

import io.meshage.internal.node.NodeCore;

/** Reaches the core of a simulated node, for tests in other packages that assert on internals. */
public final class SimCores {
  private SimCores() {}

  /** The core of the node called {@code name} in {@code sim}. */
  public static NodeCore core(Simulation sim, String name) {
    return sim.core(name);
  }
}
