package io.meshage.routing;

import static io.meshage.routing.Lollipop.CIRCLE;
import static io.meshage.routing.Lollipop.Order.NEWER;
import static io.meshage.routing.Lollipop.Order.NOT_COMPARABLE;
import static io.meshage.routing.Lollipop.Order.OLDER;
import static io.meshage.routing.Lollipop.Order.SAME;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Properties of lollipop arithmetic over seeded random values (see {@link Seeds}: the seed is
 * printed, {@code -Dmeshage.seed} replays it); each property is bounded by its trials.
 */
@Timeout(60)
class LollipopPropertiesTest {
  private static final int HALF = CIRCLE / 2;
  private static final int RUN = 1_000_000;

  @RepeatedTest(12)
  void nextIsAlwaysNewerOverAMillionStepsAcrossTheWrap(RepetitionInfo rep) throws Exception {
    Seeds.check(rep, 1, random -> nextIsNewerFrom(start(random)));
  }

  private static void nextIsNewerFrom(int start) {
    int s = start;
    for (int step = 0; step < RUN; step++) {
      int after = Lollipop.next(s);
      if (Lollipop.compare(after, s) != NEWER || Lollipop.compare(s, after) != OLDER) {
        throw new AssertionError("next(" + s + ") = " + after + " is not newer, from " + start);
      }
      s = after;
    }
  }

  /** A start on the stick, just before the wrap, or anywhere on the candy. */
  private static int start(Random random) {
    return switch (random.nextInt(3)) {
      case 0 -> Seeds.between(random, -Lollipop.STICK_LENGTH, -1);
      case 1 -> Seeds.between(random, CIRCLE - 64, CIRCLE - 1);
      default -> random.nextInt(CIRCLE);
    };
  }

  @RepeatedTest(10)
  void compareIsAntisymmetric(RepetitionInfo rep) throws Exception {
    Seeds.check(rep, 200, random -> antisymmetric(anyValue(random), anyValue(random)));
  }

  private static void antisymmetric(int a, int b) {
    Lollipop.Order ab = Lollipop.compare(a, b);
    Lollipop.Order ba = Lollipop.compare(b, a);
    switch (ab) {
      case NEWER -> assertThat(ba).isEqualTo(OLDER);
      case OLDER -> assertThat(ba).isEqualTo(NEWER);
      case SAME -> assertThat(ba).isEqualTo(SAME);
      case NOT_COMPARABLE -> assertThat(ba).isEqualTo(NOT_COMPARABLE);
    }
    assertThat(ab == SAME).isEqualTo(a == b);
  }

  private static int anyValue(Random random) {
    return Seeds.between(random, -Lollipop.STICK_LENGTH, CIRCLE - 1);
  }

  /**
   * Three values within one window (candy values inside an arc shorter than half the circle, or
   * anywhere on the stick) never form a cycle of "newer". Note that pairwise circular distance
   * below half the circle is not enough: 0, 21846 and 43692 are pairwise that close and do form a
   * cycle, because together they span more than half the circle.
   */
  @RepeatedTest(10)
  void noNewerCycleWithinAWindow(RepetitionInfo rep) throws Exception {
    Seeds.check(rep, 100, random -> {
      int base = random.nextInt(CIRCLE);
      noCycle(inArc(base, slot(random)), inArc(base, slot(random)), inArc(base, slot(random)));
    });
  }

  private static void noCycle(int a, int b, int c) {
    assertThat(isCycle(a, b, c) || isCycle(a, c, b))
        .as("newer cycle among %d, %d, %d", a, b, c)
        .isFalse();
  }

  @Test
  void pairwiseCloseButSpreadValuesDoCycle() {
    assertThat(isCycle(0, 21846, 43692) || isCycle(0, 43692, 21846)).isTrue();
  }

  /** A stick value as it is (one time in four), or an offset into the arc starting at a base. */
  private static int slot(Random random) {
    return random.nextInt(4) == 0
        ? Seeds.between(random, -Lollipop.STICK_LENGTH, -1)
        : random.nextInt(HALF);
  }

  private static int inArc(int base, int slot) {
    return slot < 0 ? slot : (base + slot) % CIRCLE;
  }

  @Test
  void candyJustPastTheStickBeatsEveryStickValue() {
    for (int stick = -Lollipop.STICK_LENGTH; stick <= -1; stick++) {
      for (int candy = 0; candy < Lollipop.WINDOW; candy++) {
        candyBeatsStick(stick, candy);
      }
    }
  }

  private static void candyBeatsStick(int stick, int candy) {
    assertThat(Lollipop.compare(candy, stick)).isEqualTo(NEWER);
    assertThat(Lollipop.supersedes(candy, stick)).isTrue();
    assertThat(Lollipop.supersedes(stick, candy)).isFalse();
  }

  private static boolean isCycle(int a, int b, int c) {
    return Lollipop.compare(a, b) == NEWER
        && Lollipop.compare(b, c) == NEWER
        && Lollipop.compare(c, a) == NEWER;
  }
}
