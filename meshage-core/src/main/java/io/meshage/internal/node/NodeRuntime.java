package io.meshage.internal.node;

import io.meshage.FaultInjector;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What a node factory ({@link TcpNodes}, the simulator) hands to the {@code MeshNode} it builds:
 * the started core, its fault injector (null when fault injection is off), where futures complete
 * and user code runs (never the event loop), and what releases the threads the factory allocated.
 */
public record NodeRuntime(NodeCore core, FaultInjector faults, Executor completions, Runnable onClose) {
  public NodeRuntime {
    Objects.requireNonNull(core, "core");
    Objects.requireNonNull(completions, "completions");
    Objects.requireNonNull(onClose, "onClose");
  }
}
