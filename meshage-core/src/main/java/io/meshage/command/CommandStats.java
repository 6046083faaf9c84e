package io.meshage.command;

import java.util.EnumMap;
import java.util.Map;

/**
 * The counters of one node's command layer, plus the deepest relay step at which this node
 * handled a fan-out message (1 = it got the message straight from the origin). Read-only: get it
 * from {@code node.commands().stats()}.
 */
public abstract class CommandStats {
  private static final CommandCounter[] ALL = CommandCounter.values();

  /** For the command layer's own view of its counters (a subclass made elsewhere counts nothing). */
  protected CommandStats() {}

  /** The current value of {@code c}. */
  public abstract long get(CommandCounter c);

  /** The deepest relay step at which a fan-out message was handled here; 0 if none was. */
  public abstract int deepestRelayDepth();

  /** Every counter's current value, in declaration order. */
  public final Map<CommandCounter, Long> snapshot() {
    EnumMap<CommandCounter, Long> m = new EnumMap<>(CommandCounter.class);
    for (CommandCounter c : ALL) {
      m.put(c, get(c));
    }
    return m;
  }

  @Override
  public final String toString() {
    StringBuilder sb = new StringBuilder();
    snapshot().forEach((k, v) -> sb.append(k.name().toLowerCase()).append('=').append(v).append(' '));
    return sb.append("deepest_relay=").append(deepestRelayDepth()).toString();
  }
}
