package io.meshage.group;

import java.util.EnumMap;
import java.util.Map;

/** The counters of one node's group layer, read-only: get it from {@code node.groups().stats()}. */
public abstract class GroupStats {
  private static final GroupCounter[] ALL = GroupCounter.values();

  /** For the group layer's own counters (a subclass made elsewhere counts nothing). */
  protected GroupStats() {}

  /** The current value of {@code c}. */
  public abstract long get(GroupCounter c);

  /** Every counter's current value, in declaration order. */
  public final Map<GroupCounter, Long> snapshot() {
    EnumMap<GroupCounter, Long> m = new EnumMap<>(GroupCounter.class);
    for (GroupCounter c : ALL) {
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
