package io.meshage.internal.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The adaptive detector's per-link estimate, fed seeded arrival streams (times in virtual nanoseconds). */
@Timeout(10)
class ArrivalStatsTest {
  private static final long MS = 1_000_000L;
  private static final long FLOOR = 450 * MS;
  private static final long CEILING = 3_000 * MS;

  /** Feeds pings every 112 ms (plus {@code jitterMs} of uniform jitter and, with probability {@code stallP}, an exponential stall of mean {@code stallMs}) for {@code seconds}. */
  private static ArrivalStats feed(long seed, int seconds, int jitterMs, double stallP, double stallMs) {
    Random r = new Random(seed);
    ArrivalStats s = new ArrivalStats();
    long now = 0;
    while (now < seconds * 1_000L * MS) {
      long gap = 112 * MS + (long) (r.nextDouble() * jitterMs * MS);
      if (r.nextDouble() < stallP) {
        gap += (long) (-stallMs * Math.log(1 - r.nextDouble()) * MS);
      }
      now += gap;
      s.gap(gap, now);
    }
    return s;
  }

  @Test
  void aNewLinkIsYoungAndJudgedAtTheCeiling() {
    ArrivalStats s = feed(1, 3, 2, 0, 0);
    assertThat(s.young()).isTrue();
    assertThat(s.threshold(FLOOR, CEILING)).isEqualTo(CEILING);
    assertThat(new ArrivalStats().threshold(FLOOR, CEILING)).isEqualTo(CEILING);
  }

  @Test
  void aQuietLinkIsJudgedAtTheFloor() {
    ArrivalStats s = feed(2, 70, 3, 0, 0);
    assertThat(s.young()).isFalse();
    assertThat(s.tailNanos()).isBetween(112 * MS, 200 * MS);
    assertThat(s.threshold(FLOOR, CEILING)).isEqualTo(FLOOR);
  }

  @Test
  void aLinkThatStallsNowAndThenIsGivenRoomForLongerStallsThanItShowed() {
    // about one gap in nine stalls, exponential with a mean of 60 ms: the longest in 70 s is ~250-400 ms
    ArrivalStats s = feed(3, 70, 20, 0.11, 60);
    long threshold = s.threshold(FLOOR, CEILING);
    assertThat(threshold).isGreaterThan(2 * s.peakNanos() - 1).isGreaterThan(600 * MS).isLessThan(CEILING);
  }

  @Test
  void theTailFadesWhenTheStallsStop() {
    Random r = new Random(4);
    ArrivalStats s = new ArrivalStats();
    long now = 0;
    for (int i = 0; i < 700; i++) { // ~80 s with stalls
      long gap = 112 * MS + (r.nextDouble() < 0.11 ? (long) (-60 * Math.log(1 - r.nextDouble()) * MS) : 0);
      now += gap;
      s.gap(gap, now);
    }
    long loaded = s.tailNanos();
    for (int i = 0; i < 700; i++) { // ~80 s quiet: the last 64 s of windows hold no stall
      now += 112 * MS;
      s.gap(112 * MS, now);
    }
    assertThat(s.tailNanos()).isLessThan(loaded).isLessThan(150 * MS);
  }
}
