package io.meshage.group;

import java.util.Map;

/** The counters of one node's group layer. */
public final class GroupStats {
  private final io.meshage.internal.EnumCounters<GroupCounter> counters =
      new io.meshage.internal.EnumCounters<>(GroupCounter.class);

  GroupStats() {}

  void increment(GroupCounter c) {
    counters.increment(c);
  }

  void add(GroupCounter c, long n) {
    counters.add(c, n);
  }

  /** The current value of {@code c}. */
  public long get(GroupCounter c) {
    return counters.get(c);
  }

  /** Every counter's current value, in declaration order. */
  public Map<GroupCounter, Long> snapshot() {
    return counters.snapshot();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    snapshot().forEach((k, v) -> sb.append(k.name().toLowerCase()).append('=').append(v).append(' '));
    return sb.toString().trim();
  }
}
