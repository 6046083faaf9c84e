package io.meshage.internal.facade;

import io.meshage.command.CommandCounter;
import io.meshage.command.CommandStats;
import io.meshage.internal.command.CommandMetrics;
import java.util.Objects;

/** The command layer's {@link CommandStats}: a read-only view of its metrics. */
final class CommandCounterView extends CommandStats {
  private final CommandMetrics metrics;

  CommandCounterView(CommandMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public long get(CommandCounter c) {
    return metrics.get(Objects.requireNonNull(c, "counter"));
  }

  @Override
  public int deepestRelayDepth() {
    return metrics.deepestRelayDepth();
  }
}
