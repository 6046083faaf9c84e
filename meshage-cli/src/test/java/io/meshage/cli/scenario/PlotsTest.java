package io.meshage.cli.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PlotsTest {
  @Test
  void convergingSpansRunFromEachEventUntilItsViewsAgreeMerged() {
    List<Plots.Marker> events = List.of(
        new Plots.Marker(0, "start", 0.15),
        new Plots.Marker(5, "snapshot", 5.0),            // settled at once: no span
        new Plots.Marker(10, "crash 2", 10.5),
        new Plots.Marker(10.2, "loss 2%", 11),           // overlaps the crash's span: merged
        new Plots.Marker(20, "partition", Double.NaN),   // never within its window: to the next event
        new Plots.Marker(26, "heal", Double.NaN));       // the last: to the run's end
    assertThat(Plots.converging(events, 30)).containsExactly(
        new double[] {0, 0.15}, new double[] {10, 11}, new double[] {20, 30});  // touching spans merge too
  }

  @Test
  void latenciesAsReadableText() {
    assertThat(Plots.ms(8)).isEqualTo("8.0 ms");
    assertThat(Plots.ms(59.4)).isEqualTo("59 ms");
    assertThat(Plots.ms(0.42)).isEqualTo("0.42 ms");
    assertThat(Plots.ms(10_000)).isEqualTo("10.0 s");
  }

  @Test
  void drawsWithAndWithoutTraffic(@TempDir Path dir) throws Exception {
    List<Plots.Marker> events = List.of(new Plots.Marker(1, "crash 1 (n2)", 1.2));
    Plots.mesh(List.of(new double[] {0, 3, 1, 3, 3, 1, 1}, new double[] {2, 2, 1, 2, 2, 1, 1}), events, dir.resolve("m.png"));
    Plots.latency(List.of(), events, dir.resolve("l.png"));
    Plots.latency(List.of(new TrafficLog.Verdict(0, 1, "set", "n2", "delivered", 0),
        new TrafficLog.Verdict(1_000_000_000L, 2, "set", "n3", "TIMEOUT", 10_000_000_000L)), events, dir.resolve("v.png"));
    for (String f : List.of("m.png", "l.png", "v.png")) {
      assertThat(Files.size(dir.resolve(f))).as(f).isGreaterThan(1000);
    }
  }
}
