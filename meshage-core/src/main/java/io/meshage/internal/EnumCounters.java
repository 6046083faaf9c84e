package io.meshage.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters named by an enum, written by any thread through lock-free adders: the one counters
 * type under the command, RPC and group layers' public views ({@code CommandStats}, {@code
 * RpcStats}, {@code GroupStats}).
 */
public final class EnumCounters<E extends Enum<E>> {
  private final Class<E> type;
  private final EnumMap<E, LongAdder> counters;

  public EnumCounters(Class<E> type) {
    this.type = type;
    this.counters = new EnumMap<>(type);
    for (E c : type.getEnumConstants()) {
      counters.put(c, new LongAdder());
    }
  }

  public void increment(E c) {
    counters.get(c).increment();
  }

  public void add(E c, long n) {
    counters.get(c).add(n);
  }

  /** The current value of {@code c}. */
  public long get(E c) {
    return counters.get(c).sum();
  }

  /** Every counter's current value, in declaration order. */
  public Map<E, Long> snapshot() {
    EnumMap<E, Long> m = new EnumMap<>(type);
    counters.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }
}
