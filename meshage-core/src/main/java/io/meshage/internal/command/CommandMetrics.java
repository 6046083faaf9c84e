package io.meshage.internal.command;

import io.meshage.command.CommandCounter;
import java.util.Map;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * The command layer's counters, written by every thread that touches the layer (callers, readers,
 * the loop, handler threads: all through lock-free adders) and read through the public {@code
 * CommandStats} view.
 */
public final class CommandMetrics {
  private final io.meshage.internal.EnumCounters<CommandCounter> counters =
      new io.meshage.internal.EnumCounters<>(CommandCounter.class);
  private final LongAccumulator deepestRelay = new LongAccumulator(Math::max, 0);

  CommandMetrics() {}

  void increment(CommandCounter c) {
    counters.increment(c);
  }

  void relayDepth(int depth) {
    deepestRelay.accumulate(depth);
  }

  /** The current value of {@code c}. */
  public long get(CommandCounter c) {
    return counters.get(c);
  }

  /** The deepest relay step at which a fan-out message was handled here; 0 if none was. */
  public int deepestRelayDepth() {
    return (int) deepestRelay.get();
  }

  /** Every counter's current value, in declaration order. */
  public Map<CommandCounter, Long> snapshot() {
    return counters.snapshot();
  }
}
