package io.meshage.tools.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A short chaos run on real processes: kills, stops and cuts happen, and no verdict is untrue. */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class VerdictChaosTest {
  @Test
  void aShortRunOfKillsStopsAndCutsLeavesNoUntrueVerdict() throws Exception {
    ChaosReport r = VerdictChaos.run(4, 5, 50, 0.05, 500, 3, VerdictChaos.DRAIN_MILLIS);
    assertThat(r.sends()).isGreaterThan(100);
    assertThat(r.faults()).isPositive();
    assertThat(r.unreachableButReceived()).as("UNREACHABLE but received").isZero();
    assertThat(r.deliveredNotReceived()).as("DELIVERED but never handled").isZero();
    assertThat(r.duplicates()).as("handled twice").isZero();
    assertThat(r.misdelivered()).as("handled by a non-recipient").isZero();
    assertThat(r.lines()).anyMatch(l -> l.contains("UNREACHABLE but received"));
  }

  @Test
  void theReportCountsEachKindOfUntruth() {
    List<ChaosReport.Event> events = List.of(
        new ChaosReport.Event(0, "a", 1, "send 1 b"),
        new ChaosReport.Event(1, "b", 1, "R 1"),
        new ChaosReport.Event(2, "a", 1, "V 1 b UNREACHABLE"),
        new ChaosReport.Event(3, "a", 1, "send 2 b,c"),
        new ChaosReport.Event(4, "a", 1, "V 2 b DELIVERED"),
        new ChaosReport.Event(5, "b", 1, "kill"),
        new ChaosReport.Event(5, "c", 1, "R 2"),
        new ChaosReport.Event(5, "c", 1, "R 2"),
        new ChaosReport.Event(6, "a", 1, "send 3 c"),
        new ChaosReport.Event(7, "b", 1, "R 3"),
        new ChaosReport.Event(8, "a", 1, "send 4 b"),
        new ChaosReport.Event(9, "a", 1, "V 4 b DELIVERED"));
    ChaosReport r = ChaosReport.of(events, 3, 1, 1, 0, 1);
    assertThat(r.unreachableButReceived()).isEqualTo(1);
    assertThat(r.deliveredNotReceived()).isEqualTo(1);
    assertThat(r.deliveredThenKilled()).isEqualTo(1);
    assertThat(r.duplicates()).isEqualTo(1);
    assertThat(r.misdelivered()).isEqualTo(1);
    assertThat(r.hangs()).as("2 to c and 3 to c have no verdict").isEqualTo(2);
    assertThat(r.clean()).isFalse();
  }
}
