package io.meshage.internal;

import io.meshage.FaultInjector;
import io.meshage.MeshNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/**
 * How the project's own packages (the simulator, the command layer, tests) build a
 * {@link MeshNode} around a core and reach the core of a node, without a public constructor or
 * accessor on {@code MeshNode}. {@code MeshNode} installs the one implementation when it loads;
 * this package is not exported by the module.
 */
public final class NodeAccess {
  /** What {@code MeshNode} offers to the project's own packages. */
  public interface Bridge {
    MeshNode wrap(NodeCore core, FaultInjector faults, Executor completions, Runnable onClose);

    NodeCore coreOf(MeshNode node);
  }

  private static volatile Bridge bridge;
  /** Factories of the layers on top (RPC, groups), each installed by its public class when it loads. */
  private static final Map<Class<?>, BiFunction<NodeCore, Executor, ?>> layers = new ConcurrentHashMap<>();

  private NodeAccess() {}

  /** Called once by {@code MeshNode}'s static initializer. */
  public static void install(Bridge b) {
    if (bridge != null) {
      throw new IllegalStateException("node access already installed");
    }
    bridge = b;
  }

  /** Wraps a core into a node; {@code faults} is null when fault injection is off. */
  public static MeshNode wrap(NodeCore core, FaultInjector faults, Executor completions, Runnable onClose) {
    return bridge().wrap(core, faults, completions, onClose);
  }

  /** The core of {@code node}. */
  public static NodeCore coreOf(MeshNode node) {
    return bridge().coreOf(node);
  }

  /**
   * Called once by a public layer class ({@code BilateralRpc}, {@code Groups}) in its static
   * initializer, so that it needs no public factory taking internals.
   */
  public static <T> void installLayer(Class<T> type, BiFunction<NodeCore, Executor, T> factory) {
    if (layers.putIfAbsent(type, factory) != null) {
      throw new IllegalStateException(type.getSimpleName() + " already installed");
    }
  }

  /** Builds the layer {@code type} on {@code core} (loading its class first). */
  public static <T> T layer(Class<T> type, NodeCore core, Executor completions) {
    load(type);
    BiFunction<NodeCore, Executor, ?> f = layers.get(type);
    if (f == null) {
      throw new IllegalStateException(type.getSimpleName() + " did not install its factory");
    }
    return type.cast(f.apply(core, completions));
  }

  private static void load(Class<?> type) {
    try {
      Class.forName(type.getName(), true, type.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Bridge bridge() {
    Bridge b = bridge;
    if (b == null) {
      try {
        Class.forName(MeshNode.class.getName(), true, MeshNode.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      b = bridge;
    }
    return b;
  }
}
