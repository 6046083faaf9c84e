package io.meshage.command;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.ToLongFunction;

/**
 * The counters of one node's command layer, plus the deepest relay step at which this node
 * handled a fan-out message (1 = it got the message straight from the origin). Read-only: get it
 * from {@code node.commands().stats()}.
 */
public final class CommandStats {
  private static final CommandCounter[] ALL = CommandCounter.values();
  private final ToLongFunction<CommandCounter> reader;
  private final IntSupplier deepestRelay;

  /** A view of the counters {@code reader} reads; built by {@link MeshCommands}. */
  CommandStats(ToLongFunction<CommandCounter> reader, IntSupplier deepestRelay) {
    this.reader = Objects.requireNonNull(reader, "reader");
    this.deepestRelay = Objects.requireNonNull(deepestRelay, "deepestRelay");
  }

  /** The current value of {@code c}. */
  public long get(CommandCounter c) {
    return reader.applyAsLong(Objects.requireNonNull(c, "counter"));
  }

  /** The deepest relay step at which a fan-out message was handled here; 0 if none was. */
  public int deepestRelayDepth() {
    return deepestRelay.getAsInt();
  }

  /** Every counter's current value, in declaration order. */
  public Map<CommandCounter, Long> snapshot() {
    EnumMap<CommandCounter, Long> m = new EnumMap<>(CommandCounter.class);
    for (CommandCounter c : ALL) {
      m.put(c, get(c));
    }
    return m;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    snapshot().forEach((k, v) -> sb.append(k.name().toLowerCase()).append('=').append(v).append(' '));
    return sb.append("deepest_relay=").append(deepestRelayDepth()).toString();
  }
}
