package io.meshage.cli.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs small scenarios and checks that each event does what it says, and that a seed replays. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScenarioRunnerTest {
  @TempDir Path tmp;
  private int runs;

  /** Stdout, the timeline rows (t, live, components, largest, smallest view, agree, one mesh) and the folder. */
  private record Result(String out, List<double[]> timeline, Path dir) {
    boolean any(Predicate<double[]> p) {
      return timeline.stream().anyMatch(p);
    }

    double[] last() {
      return timeline.get(timeline.size() - 1);
    }

    List<String> verdicts(String verdict) throws IOException {
      return Files.readAllLines(dir.resolve("verdicts.csv")).stream().filter(l -> l.contains("," + verdict + ",")).toList();
    }
  }

  private Result run(String text, long seed, boolean plots) throws IOException {
    Path dir = tmp.resolve("run" + runs++);
    StringWriter sw = new StringWriter();
    new ScenarioRunner(ScenarioParser.parse(text, tmp), seed, new ScenarioOutput(dir, plots))
        .run(new PrintWriter(sw), ms -> {});
    List<double[]> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(dir.resolve("timeline.csv"));
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",");
      double[] r = new double[7];
      for (int i = 0; i < 7; i++) {
        r[i] = Double.parseDouble(f[i]);
      }
      rows.add(r);
    }
    return new Result(sw.toString().replace(dir.toString(), "DIR"), rows, dir);
  }

  private Result run(String text) throws IOException {
    return run(text, 1, false);
  }

  @Test
  void sameSeedSameOutputByteForByte() throws IOException {
    String text = "topology discovery nodes=8 degree=2\nrun 12s\nsample 50ms\n"
        + "at 0s traffic set rate=20/s for=11s to=2\nat 1s traffic request rate=10/s for=10s\n"
        + "at 3s crash 2\nat 5s restart\nat 6s partition n1 n2 n3\nat 9s heal\nat 9s loss 5%\nat 10s snapshot\n";
    Result a = run(text, 42, true);
    Result b = run(text, 42, true);
    Result c = run(text, 43, false);
    assertThat(a.out()).isEqualTo(b.out()).contains("seed 42").contains("checks: duplicates delivered 0, false deliveries 0 (ok)");
    for (String f : List.of("timeline.csv", "events.csv", "verdicts.csv", "snapshot-10.000s.dot", "mesh.png", "latency.png")) {
      assertThat(Files.readAllBytes(a.dir().resolve(f))).as(f).isEqualTo(Files.readAllBytes(b.dir().resolve(f)));
    }
    assertThat(c.out()).isNotEqualTo(a.out());
  }

  @Test
  void crashAndRestart() throws IOException {
    Result r = run("topology discovery nodes=6\nrun 8s\nsample 50ms\nat 2s crash 2\nat 5s restart\n");
    assertThat(r.any(row -> row[0] > 2 && row[0] < 5 && row[1] == 4)).isTrue();
    assertThat(r.last()[1]).isEqualTo(6);
    assertThat(r.last()[6]).isEqualTo(1); // one mesh again
    assertThat(r.out()).containsPattern("t=2.000s crash 2 \\(n\\d n\\d\\): links -\\d+ \\+\\d+; agree \\+\\d");
  }

  @Test
  void crashNamedInAFixedChainSplitsIt() throws IOException {
    Result r = run("topology chain nodes=5\nrun 5s\nat 2s crash n3\nat 4s restart n3\n");
    assertThat(r.any(row -> row[0] > 2 && row[0] < 4 && row[2] == 2 && row[1] == 4)).isTrue();
    assertThat(r.last()[6]).isEqualTo(1); // the restarted node dialed its edges again
  }

  @Test
  void partitionAndHeal() throws IOException {
    Result r = run("topology discovery nodes=6 degree=3\nrun 20s\nsample 50ms\nat 2s partition n1 n2 n3\nat 12s heal\n");
    assertThat(r.any(row -> row[0] > 2 && row[0] < 12 && row[2] == 2 && row[5] == 1)).isTrue();
    assertThat(r.last()[2]).isEqualTo(1);
    assertThat(r.last()[6]).isEqualTo(1);
    assertThat(r.out()).contains("t=2.000s partition n1 n2 n3: links -").contains("one mesh not within 10.000s");
  }

  @Test
  void threeWayPartition() throws IOException {
    Result r = run("topology discovery nodes=6 degree=3\nrun 15s\nat 1s partition n1 n2 | n3 n4\nat 11s heal\n");
    assertThat(r.any(row -> row[0] > 1 && row[0] < 11 && row[2] == 3)).isTrue();
    assertThat(r.last()[6]).isEqualTo(1);
  }

  @Test
  void freezeSilencesANodeAndUnfreezeBringsItBack() throws IOException {
    Result r = run("topology ring nodes=5\nrun 20s\nat 1s freeze n2\nat 10s unfreeze n2\n");
    assertThat(r.any(row -> row[0] > 1 && row[0] < 10 && row[4] < 5)).isTrue(); // someone dropped n2
    assertThat(r.last()[6]).isEqualTo(1);
  }

  @Test
  void flapCutsTheLinkAndItComesBack() throws IOException {
    Result r = run("topology chain nodes=3\nrun 5s\nsample 10ms\nat 1s flap n1 n2 times=2 every=1s\n");
    assertThat(r.any(row -> row[0] > 1 && row[0] < 3 && row[2] == 2)).isTrue();
    assertThat(r.last()[2]).isEqualTo(1);
    assertThat(r.last()[6]).isEqualTo(1);
  }

  @Test
  void degreeChangeAddsLinks() throws IOException {
    Result r = run("topology discovery nodes=6 degree=1\nrun 10s\nat 3s snapshot\nat 4s degree 5\nat 9s snapshot\n");
    long before = Files.readAllLines(r.dir().resolve("snapshot-3.000s.dot")).stream().filter(l -> l.contains("--")).count();
    long after = Files.readAllLines(r.dir().resolve("snapshot-9.000s.dot")).stream().filter(l -> l.contains("--")).count();
    assertThat(after).isGreaterThan(before);
    assertThat(r.out()).contains("t=3.000s snapshot (snapshot-3.000s.dot)");
  }

  @Test
  void trafficKindsGetVerdicts() throws IOException {
    Result r = run("topology star nodes=5\nrun 6s\nat 1s traffic set rate=20/s for=2s to=2\n"
        + "at 1s traffic broadcast rate=5/s for=2s\nat 1s traffic request rate=10/s for=2s\n");
    assertThat(r.verdicts("delivered")).hasSizeGreaterThan(100);
    assertThat(r.verdicts("delivered")).anyMatch(l -> l.contains(",request,")).anyMatch(l -> l.contains(",broadcast,"))
        .anyMatch(l -> l.contains(",set,"));
    assertThat(r.out()).contains("TIMEOUT 0, UNREACHABLE 0").contains("false deliveries 0 (ok)");
  }

  @Test
  void dropEverythingGivesTimeoutsNeverFalseDeliveries() throws IOException {
    Result r = run("topology chain nodes=3\nrun 20s\nat 1s drop 100%\nat 1s traffic set rate=5/s for=1s to=2\n");
    assertThat(r.verdicts("delivered")).isEmpty();
    // every send got a failure verdict: sent and lost (TIMEOUT, or UNCONFIRMED once the links
    // dropped and the route vanished) or never sent (UNREACHABLE)
    assertThat(r.verdicts("TIMEOUT").size() + r.verdicts("UNCONFIRMED").size() + r.verdicts("UNREACHABLE").size())
        .isEqualTo(10);
    assertThat(r.out()).contains("false deliveries 0 (ok)");
  }

  private static double medianLatencyMs(Result r) throws IOException {
    List<Double> l = new ArrayList<>(r.verdicts("delivered").stream().map(s -> Double.parseDouble(s.substring(s.lastIndexOf(',') + 1))).toList());
    l.sort(null);
    return l.get(l.size() / 2);
  }

  @Test
  void delayLossAndJitterSlowDeliveries() throws IOException {
    String base = "topology chain nodes=2\nrun 5s\nat 1s traffic set rate=50/s for=2s\n";
    double plain = medianLatencyMs(run(base));
    double delayed = medianLatencyMs(run(base + "at 0.5s delay 20ms\n"));
    double link = medianLatencyMs(run(base + "at 0.5s delay n1 n2 30ms\n"));
    double jitter = medianLatencyMs(run(base + "at 0.5s delay uniform 40ms 60ms\n"));
    double lossy = medianLatencyMs(run(base + "at 0.5s loss 60%\n"));
    assertThat(plain).isLessThan(5);
    assertThat(delayed).isGreaterThanOrEqualTo(40); // there and back
    assertThat(link).isGreaterThanOrEqualTo(60);
    assertThat(jitter).isGreaterThanOrEqualTo(40);
    assertThat(lossy).isGreaterThan(plain);
  }
}
