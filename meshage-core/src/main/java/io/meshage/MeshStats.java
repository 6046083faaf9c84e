package io.meshage;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** A node's counters; {@link #snapshot()} gives a stable copy for reading and printing. */
public final class MeshStats {
  private final EnumMap<Counter, LongAdder> counters = new EnumMap<>(Counter.class);

  public MeshStats() {
    for (Counter c : Counter.values()) {
      counters.put(c, new LongAdder());
    }
  }

  /** Adds {@code n} to {@code c}. */
  public void add(Counter c, long n) {
    counters.get(c).add(n);
  }

  /** Adds one to {@code c}. */
  public void increment(Counter c) {
    counters.get(c).increment();
  }

  /** The current value of {@code c}. */
  public long get(Counter c) {
    return counters.get(c).sum();
  }

  /** Every counter's current value, in declaration order. */
  public Map<Counter, Long> snapshot() {
    EnumMap<Counter, Long> m = new EnumMap<>(Counter.class);
    counters.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    snapshot().forEach((k, v) -> sb.append(k.name().toLowerCase()).append('=').append(v).append(' '));
    return sb.toString().trim();
  }
}
