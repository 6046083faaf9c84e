package io.meshage.internal.facade;

import io.meshage.Counter;
import io.meshage.MeshStats;
import java.util.Objects;
import java.util.function.ToLongFunction;

/** The node's {@link MeshStats}: a read-only view of the counters {@code reader} reads. */
final class CounterView extends MeshStats {
  private final ToLongFunction<Counter> reader;

  CounterView(ToLongFunction<Counter> reader) {
    this.reader = Objects.requireNonNull(reader, "reader");
  }

  @Override
  public long get(Counter c) {
    return reader.applyAsLong(Objects.requireNonNull(c, "counter"));
  }
}
