package io.meshage.internal.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SeenWindowTest {
  @Test
  void remembersIdsAndSlides() {
    SeenWindow w = new SeenWindow(1);
    assertThat(w.firstTime(5)).isTrue();
    assertThat(w.firstTime(5)).isFalse();
    assertThat(w.firstTime(3)).isTrue();
    assertThat(w.firstTime(100_000)).isTrue();
    assertThat(w.firstTime(5)).as("far below the window counts as seen").isFalse();
    assertThat(w.firstTime(100_000 - 100)).isTrue();
    assertThat(w.firstTime(100_000 - 100)).isFalse();
    for (long i = 100_001; i < 120_000; i++) {
      assertThat(w.firstTime(i)).isTrue();
    }
    assertThat(w.firstTime(119_999)).isFalse();
  }
}
