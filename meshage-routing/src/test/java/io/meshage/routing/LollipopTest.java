package io.meshage.routing;

import static io.meshage.routing.Lollipop.Order.NEWER;
import static io.meshage.routing.Lollipop.Order.NOT_COMPARABLE;
import static io.meshage.routing.Lollipop.Order.OLDER;
import static io.meshage.routing.Lollipop.Order.SAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LollipopTest {
  @Test
  void stickRunsIntoTheCandyAndWraps() {
    int s = Lollipop.first();
    assertThat(s).isEqualTo(-16);
    for (int i = 0; i < 16; i++) {
      s = Lollipop.next(s);
    }
    assertThat(s).isZero();
    assertThat(Lollipop.next(Lollipop.CIRCLE - 1)).isZero();
  }

  @Test
  void comparesStickCandyAndAcrossTheWrap() {
    assertThat(Lollipop.compare(-3, -10)).isEqualTo(NEWER);
    assertThat(Lollipop.compare(-10, -3)).isEqualTo(OLDER);
    assertThat(Lollipop.compare(5, 5)).isEqualTo(SAME);
    assertThat(Lollipop.compare(0, Lollipop.CIRCLE - 1)).isEqualTo(NEWER);
    assertThat(Lollipop.compare(3, -1)).isEqualTo(NEWER);
    assertThat(Lollipop.compare(-1, 3)).isEqualTo(OLDER);
    assertThat(Lollipop.compare(1000, -1)).isEqualTo(NOT_COMPARABLE);
    assertThat(Lollipop.compare(0, Lollipop.CIRCLE / 2)).isEqualTo(NOT_COMPARABLE);
    assertThat(Lollipop.supersedes(1000, -1)).isTrue();
  }

  @Test
  void rejectsValuesOutsideTheLollipop() {
    assertThatThrownBy(() -> Lollipop.next(-17)).hasMessageContaining("-17");
    assertThatThrownBy(() -> Lollipop.compare(0, Lollipop.CIRCLE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
