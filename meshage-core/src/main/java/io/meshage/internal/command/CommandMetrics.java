package io.meshage.internal.command;

import io.meshage.command.CommandCounter;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * The command layer's counters, written by every thread that touches the layer (callers, readers,
 * the loop, handler threads: all through lock-free adders) and read through the public {@code
 * CommandStats} view.
 */
public final class CommandMetrics {
  private final EnumMap<CommandCounter, LongAdder> counters = new EnumMap<>(CommandCounter.class);
  private final LongAccumulator deepestRelay = new LongAccumulator(Math::max, 0);

  CommandMetrics() {
    for (CommandCounter c : CommandCounter.values()) {
      counters.put(c, new LongAdder());
    }
  }

  void increment(CommandCounter c) {
    counters.get(c).increment();
  }

  void relayDepth(int depth) {
    deepestRelay.accumulate(depth);
  }

  /** The current value of {@code c}. */
  public long get(CommandCounter c) {
    return counters.get(c).sum();
  }

  /** The deepest relay step at which a fan-out message was handled here; 0 if none was. */
  public int deepestRelayDepth() {
    return (int) deepestRelay.get();
  }

  /** Every counter's current value, in declaration order. */
  public Map<CommandCounter, Long> snapshot() {
    EnumMap<CommandCounter, Long> m = new EnumMap<>(CommandCounter.class);
    counters.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }
}
