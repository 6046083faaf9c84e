package io.meshage;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * A node's counters, read-only: {@link #get} reads one now, {@link #snapshot()} gives a stable copy
 * for reading and printing. Get it from {@code node.stats()}; only the node counts.
 */
public final class MeshStats {
  private static final Counter[] ALL = Counter.values();
  private final ToLongFunction<Counter> reader;

  /** A view of the counters {@code reader} reads; built by {@code MeshNode}. */
  MeshStats(ToLongFunction<Counter> reader) {
    this.reader = Objects.requireNonNull(reader, "reader");
  }

  /** The current value of {@code c}. */
  public long get(Counter c) {
    return reader.applyAsLong(Objects.requireNonNull(c, "counter"));
  }

  /** Every counter's current value, in declaration order. */
  public Map<Counter, Long> snapshot() {
    EnumMap<Counter, Long> m = new EnumMap<>(Counter.class);
    for (Counter c : ALL) {
      m.put(c, get(c));
    }
    return m;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    snapshot().forEach((k, v) -> sb.append(k.name().toLowerCase()).append('=').append(v).append(' '));
    return sb.toString().trim();
  }
}
