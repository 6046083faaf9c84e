package io.meshage.internal.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A flood of refusals logs a bounded number of lines, and the next line says how many were left out. */
@Timeout(5)
class LogBudgetTest {
  @Test
  void atMostTheBudgetPerSecondAndTheLeftOutAreReported() {
    LogBudget b = new LogBudget(3);
    assertThat(b.take(1000)).isEmpty();
    assertThat(b.take(1100)).isEmpty();
    assertThat(b.take(1200)).isEmpty();
    assertThat(b.take(1300)).isNull();
    assertThat(b.take(1999)).isNull();
    assertThat(b.take(2000)).isEqualTo(" (2 more like it not logged)");
    assertThat(b.take(2001)).isEmpty();
  }
}
