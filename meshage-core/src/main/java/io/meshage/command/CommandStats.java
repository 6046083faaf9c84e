package io.meshage.command;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one node's command layer, plus the deepest relay step at which this node
 * handled a fan-out message (1 = it got the message straight from the origin).
 */
public final class CommandStats {
  private final EnumMap<CommandCounter, LongAdder> counters = new EnumMap<>(CommandCounter.class);
  private final LongAccumulator deepestRelay = new LongAccumulator(Math::max, 0);

  CommandStats() {
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

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    snapshot().forEach((k, v) -> sb.append(k.name().toLowerCase()).append('=').append(v).append(' '));
    return sb.append("deepest_relay=").append(deepestRelayDepth()).toString();
  }
}
