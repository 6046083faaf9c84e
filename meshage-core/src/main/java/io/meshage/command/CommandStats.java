package io.meshage.command;

import io.meshage.internal.command.CommandMetrics;
import java.util.Map;

/**
 * The counters of one node's command layer, plus the deepest relay step at which this node
 * handled a fan-out message (1 = it got the message straight from the origin).
 */
public final class CommandStats {
  private final CommandMetrics metrics;

  CommandStats(CommandMetrics metrics) {
    this.metrics = metrics;
  }

  /** The current value of {@code c}. */
  public long get(CommandCounter c) {
    return metrics.get(c);
  }

  /** The deepest relay step at which a fan-out message was handled here; 0 if none was. */
  public int deepestRelayDepth() {
    return metrics.deepestRelayDepth();
  }

  /** Every counter's current value, in declaration order. */
  public Map<CommandCounter, Long> snapshot() {
    return metrics.snapshot();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    snapshot().forEach((k, v) -> sb.append(k.name().toLowerCase()).append('=').append(v).append(' '));
    return sb.append("deepest_relay=").append(deepestRelayDepth()).toString();
  }
}
