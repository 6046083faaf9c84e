package io.meshage.internal.command;

import io.meshage.command.ClusterInfo;
import io.meshage.command.MeshCommands;
import io.meshage.internal.NodeCore;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How this package builds the public facades {@link MeshCommands} and {@link ClusterInfo}, whose
 * constructors are package-private: each facade installs its factory here when its class loads
 * (like {@code NodeAccess} for {@code MeshNode}), so no public method of the API takes internals.
 */
public final class CommandAccess {
  /** Installed once by {@code MeshCommands}' static initializer. */
  private static volatile Function<CommandLayer, MeshCommands> commands;
  /** Installed once by {@code ClusterInfo}'s static initializer. */
  private static volatile BiFunction<NodeCore, Executor, ClusterInfo> cluster;

  private CommandAccess() {}

  /** Called once by {@code MeshCommands}. */
  public static void installCommands(Function<CommandLayer, MeshCommands> factory) {
    if (commands != null) {
      throw new IllegalStateException("command facade already installed");
    }
    commands = factory;
  }

  /** Called once by {@code ClusterInfo}. */
  public static void installCluster(BiFunction<NodeCore, Executor, ClusterInfo> factory) {
    if (cluster != null) {
      throw new IllegalStateException("cluster facade already installed");
    }
    cluster = factory;
  }

  static MeshCommands commands(CommandLayer layer) {
    load(MeshCommands.class);
    return commands.apply(layer);
  }

  static ClusterInfo cluster(NodeCore core, Executor callbacks) {
    load(ClusterInfo.class);
    return cluster.apply(core, callbacks);
  }

  private static void load(Class<?> facade) {
    try {
      Class.forName(facade.getName(), true, facade.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
