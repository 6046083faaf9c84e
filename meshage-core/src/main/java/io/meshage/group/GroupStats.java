package io.meshage.group;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The counters of one node's group layer. */
public final class GroupStats {
  private final EnumMap<GroupCounter, LongAdder> counters = new EnumMap<>(GroupCounter.class);

  GroupStats() {
    for (GroupCounter c : GroupCounter.values()) {
      counters.put(c, new LongAdder());
    }
  }

  void increment(GroupCounter c) {
    counters.get(c).increment();
  }

  void add(GroupCounter c, long n) {
    counters.get(c).add(n);
  }

  /** The current value of {@code c}. */
  public long get(GroupCounter c) {
    return counters.get(c).sum();
  }

  /** Every counter's current value, in declaration order. */
  public Map<GroupCounter, Long> snapshot() {
    EnumMap<GroupCounter, Long> m = new EnumMap<>(GroupCounter.class);
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
