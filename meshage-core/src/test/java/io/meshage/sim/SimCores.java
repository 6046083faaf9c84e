package io.meshage.sim;

import io.meshage.internal.node.NodeCore;
import io.meshage.internal.sim.Simulator;

/** Reaches the engine behind a simulation and a node's core, for tests in other packages that assert on internals. */
public final class SimCores {
  private SimCores() {}

  /** The engine behind {@code sim}. */
  public static Simulator engine(Simulation sim) {
    return sim.engine();
  }

  /** The core of the node called {@code name} in {@code sim}. */
  public static NodeCore core(Simulation sim, String name) {
    return sim.engine().core(name);
  }
}
