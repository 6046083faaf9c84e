package io.meshage.internal;

import io.meshage.Counter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A node's counters, which its parts add to; users read them through {@code NodeStats}. Any thread
 * may count, except in the counters of {@link #forOneThread()}; in those {@link #ownedBy} a
 * thread, that thread's adds are plain writes.
 */
public final class NodeStats {
  private static final Counter[] ALL = Counter.values();
  private static final VarHandle OWNED = MethodHandles.arrayElementVarHandle(long[].class);
  /** Counters any thread may add to; null in a one-thread instance. */
  private final LongAdder[] shared;
  /**
   * The one-thread instance's counters (the simulator's: no atomic work, one array per node), or
   * the owner's share of an owned instance (plain adds published with release stores).
   */
  private final long[] local;
  /** The thread whose adds go to {@link #local} in an owned instance, else null. */
  private final Thread owner;
  /**
   * Unused longs before and after the counters of {@link #local} (a cache line each side), so
   * that its owner's writes share no cache line with what other threads write (another node's
   * counters, the adders beside it).
   */
  private static final int PAD = 8;

  public NodeStats() {
    this(false, null);
  }

  private NodeStats(boolean oneThread, Thread owner) {
    this.owner = owner;
    if (oneThread) {
      shared = null;
      local = new long[ALL.length + 2 * PAD];
      return;
    }
    shared = new LongAdder[ALL.length];
    local = owner != null ? new long[ALL.length + 2 * PAD] : null;
    for (int i = 0; i < shared.length; i++) {
      shared[i] = new LongAdder();
    }
  }

  /**
   * Counters that only one thread ever adds to and reads, such as the simulator's (all its nodes
   * run on the thread that drives it); cheaper than the shared kind by the atomic work.
   */
  public static NodeStats forOneThread() {
    return new NodeStats(true, null);
  }

  /**
   * Counters that any thread may add to and read, most of whose adds come from {@code owner} (a
   * node's event loop): those cost no atomic work; other threads' go to shared adders.
   */
  public static NodeStats ownedBy(Thread owner) {
    return new NodeStats(false, java.util.Objects.requireNonNull(owner, "owner"));
  }

  /** Adds {@code n} to {@code c}. */
  public void add(Counter c, long n) {
    int i = c.ordinal();
    if (shared == null) {
      local[PAD + i] += n;
    } else if (owner != null && Thread.currentThread() == owner) {
      OWNED.setRelease(local, PAD + i, local[PAD + i] + n);
    } else {
      shared[i].add(n);
    }
  }

  /** Adds one to {@code c}. */
  public void increment(Counter c) {
    add(c, 1);
  }

  /** The current value of {@code c}. */
  public long get(Counter c) {
    int i = c.ordinal();
    if (shared == null) {
      return local[PAD + i];
    }
    long sum = shared[i].sum();
    return owner != null ? sum + (long) OWNED.getAcquire(local, PAD + i) : sum;
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
