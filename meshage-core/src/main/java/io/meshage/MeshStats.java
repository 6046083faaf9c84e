package io.meshage;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A node's counters; {@link #snapshot()} gives a stable copy for reading and printing. Any thread
 * may count, except in the counters of {@link #forOneThread()}.
 */
public final class MeshStats {
  private static final Counter[] ALL = Counter.values();
  /** Counters any thread may add to; null in a one-thread instance. */
  private final LongAdder[] shared;
  /** The one-thread instance's counters (the simulator's: no atomic work, one array per node). */
  private final long[] local;

  public MeshStats() {
    this(false);
  }

  private MeshStats(boolean oneThread) {
    if (oneThread) {
      shared = null;
      local = new long[ALL.length];
    } else {
      shared = new LongAdder[ALL.length];
      local = null;
      for (int i = 0; i < shared.length; i++) {
        shared[i] = new LongAdder();
      }
    }
  }

  /**
   * Counters that only one thread ever adds to and reads, such as the simulator's (all its nodes
   * run on the thread that drives it); cheaper than the shared kind by the atomic work.
   */
  public static MeshStats forOneThread() {
    return new MeshStats(true);
  }

  /** Adds {@code n} to {@code c}. */
  public void add(Counter c, long n) {
    if (local != null) {
      local[c.ordinal()] += n;
    } else {
      shared[c.ordinal()].add(n);
    }
  }

  /** Adds one to {@code c}. */
  public void increment(Counter c) {
    add(c, 1);
  }

  /** The current value of {@code c}. */
  public long get(Counter c) {
    return local != null ? local[c.ordinal()] : shared[c.ordinal()].sum();
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
