package io.meshage;

import java.util.EnumMap;
import java.util.Map;

/**
 * A node's counters, read-only: {@link #get} reads one now, {@link #snapshot()} gives a stable copy
 * for reading and printing. Get it from {@code node.stats()}; only the node counts.
 */
public abstract class MeshStats {
  private static final Counter[] ALL = Counter.values();

  /** For the node's own view of its counters (a subclass made elsewhere counts nothing). */
  protected MeshStats() {}

  /** The current value of {@code c}. */
  public abstract long get(Counter c);

  /** Every counter's current value, in declaration order. */
  public final Map<Counter, Long> snapshot() {
    EnumMap<Counter, Long> m = new EnumMap<>(Counter.class);
    for (Counter c : ALL) {
      m.put(c, get(c));
    }
    return m;
  }

  @Override
  public final String toString() {
    StringBuilder sb = new StringBuilder();
    snapshot().forEach((k, v) -> sb.append(k.name().toLowerCase()).append('=').append(v).append(' '));
    return sb.toString().trim();
  }
}
