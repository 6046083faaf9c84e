package io.meshage.internal.group;

import io.meshage.group.GroupCounter;
import io.meshage.group.GroupStats;
import io.meshage.internal.EnumCounters;

/** The group layer's counters: it counts here, and users read them through {@link GroupStats}. */
final class GroupCounters extends GroupStats {
  private final EnumCounters<GroupCounter> counters = new EnumCounters<>(GroupCounter.class);

  void increment(GroupCounter c) {
    counters.increment(c);
  }

  void add(GroupCounter c, long n) {
    counters.add(c, n);
  }

  @Override
  public long get(GroupCounter c) {
    return counters.get(c);
  }
}
