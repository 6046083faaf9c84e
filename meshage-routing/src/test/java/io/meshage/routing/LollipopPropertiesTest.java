package io.meshage.routing;

import static io.meshage.routing.Lollipop.CIRCLE;
import static io.meshage.routing.Lollipop.Order.NEWER;
import static io.meshage.routing.Lollipop.Order.NOT_COMPARABLE;
import static io.meshage.routing.Lollipop.Order.OLDER;
import static io.meshage.routing.Lollipop.Order.SAME;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of lollipop arithmetic. jqwik does not honour JUnit's {@code @Timeout}; each property
 * is bounded by its number of tries instead (the whole class runs in well under a second or two).
 */
class LollipopPropertiesTest {
  private static final int HALF = CIRCLE / 2;
  private static final int RUN = 1_000_000;

  @Property(tries = 12)
  void nextIsAlwaysNewerOverAMillionStepsAcrossTheWrap(@ForAll("starts") int start) {
    int s = start;
    for (int step = 0; step < RUN; step++) {
      int after = Lollipop.next(s);
      if (Lollipop.compare(after, s) != NEWER || Lollipop.compare(s, after) != OLDER) {
        throw new AssertionError("next(" + s + ") = " + after + " is not newer, from " + start);
      }
      s = after;
    }
  }

  @Provide
  Arbitrary<Integer> starts() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(-Lollipop.STICK_LENGTH, -1),
        Arbitraries.integers().between(CIRCLE - 64, CIRCLE - 1),
        Arbitraries.integers().between(0, CIRCLE - 1));
  }

  @Property(tries = 2000)
  void compareIsAntisymmetric(@ForAll("anyValue") int a, @ForAll("anyValue") int b) {
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

  @Provide
  Arbitrary<Integer> anyValue() {
    return Arbitraries.integers().between(-Lollipop.STICK_LENGTH, CIRCLE - 1);
  }

  /**
   * Three values within one window (candy values inside an arc shorter than half the circle, or
   * anywhere on the stick) never form a cycle of "newer". Note that pairwise circular distance
   * below half the circle is not enough: 0, 21846 and 43692 are pairwise that close and do form a
   * cycle, because together they span more than half the circle.
   */
  @Property(tries = 1000)
  void noNewerCycleWithinAWindow(@ForAll("windowTriples") List<Integer> values) {
    int a = values.get(0);
    int b = values.get(1);
    int c = values.get(2);
    assertThat(isCycle(a, b, c) || isCycle(a, c, b))
        .as("newer cycle among %d, %d, %d", a, b, c)
        .isFalse();
  }

  @Property(tries = 1)
  void pairwiseCloseButSpreadValuesDoCycle() {
    assertThat(isCycle(0, 21846, 43692) || isCycle(0, 43692, 21846)).isTrue();
  }

  @Provide
  Arbitrary<List<Integer>> windowTriples() {
    Arbitrary<Integer> base = Arbitraries.integers().between(0, CIRCLE - 1);
    // a slot is a stick value as it is, or an offset into the arc starting at base
    Arbitrary<Integer> slot =
        Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.integers().between(-Lollipop.STICK_LENGTH, -1)),
            Tuple.of(3, Arbitraries.integers().between(0, HALF - 1)));
    return Combinators.combine(base, slot, slot, slot)
        .as((b, x, y, z) -> List.of(inArc(b, x), inArc(b, y), inArc(b, z)));
  }

  private static int inArc(int base, int slot) {
    return slot < 0 ? slot : (base + slot) % CIRCLE;
  }

  @Property(tries = 200)
  void candyJustPastTheStickBeatsEveryStickValue(
      @ForAll @IntRange(min = -16, max = -1) int stick,
      @ForAll @IntRange(min = 0, max = Lollipop.WINDOW - 1) int candy) {
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
