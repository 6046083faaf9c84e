package io.meshage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one seen-set and the one counters type of the call layers. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SeenSetAndCountersTest {
  private enum Kind { A, B }

  @Test
  void aKeyIsNewOnceUntilTheCapacityForgetsTheOldest() {
    SeenSet seen = new SeenSet(2);
    assertThat(seen.add("x")).isTrue();
    assertThat(seen.add("x")).isFalse();
    assertThat(seen.add("y")).isTrue();
    assertThat(seen.add("z")).isTrue(); // x forgotten
    assertThat(seen.add("x")).isTrue();
    assertThat(seen.add("z")).isFalse();
  }

  @Test
  void countersAddUpPerNameAndSnapshotInDeclarationOrder() {
    EnumCounters<Kind> c = new EnumCounters<>(Kind.class);
    c.increment(Kind.B);
    c.add(Kind.B, 4);
    assertThat(c.get(Kind.A)).isZero();
    assertThat(c.get(Kind.B)).isEqualTo(5);
    assertThat(c.snapshot()).containsExactly(java.util.Map.entry(Kind.A, 0L), java.util.Map.entry(Kind.B, 5L));
  }
}
