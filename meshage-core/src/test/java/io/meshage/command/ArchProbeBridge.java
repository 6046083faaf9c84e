package io.meshage.command;

import io.meshage.internal.command.CommandLayer;
import io.meshage.internal.facade.LocalNode;
import io.meshage.internal.node.NodeRuntime;

/**
 * Not shipped: a public class of an exported package with a public hook that takes an internal
 * type and builds a facade implementation, for {@code ArchitectureTest}.
 */
public final class ArchProbeBridge {
  private ArchProbeBridge() {}

  /** A bridge: its parameter's type is not exported, and it reaches the facades from the API. */
  public static String wrap(NodeRuntime runtime, CommandLayer layer) {
    return new LocalNode(runtime).name() + layer;
  }
}
