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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per event type: the figures in events.csv (and on stdout) are recomputed here from
 * timeline.csv alone, by a second implementation that walks each window backwards, and must match;
 * each test also checks that the event's own change shows (links lost for a crash, MSAs spent...).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EventFiguresTest {
  @TempDir Path tmp;
  private int runs;

  /** A timeline row: time (ms), views agree, one mesh, links, lost, made, MSAs, bytes. */
  private record Row(long ms, boolean agree, boolean one, int links, int lost, int made, long msa, long bytes) {}

  /** An events.csv row. */
  private record Ev(long ms, String label, int lost, int made, Long agreeMs, Long meshMs, long msa, long bytes) {}

  private record Run(List<Row> timeline, List<Ev> events, String out) {
    Ev event(String prefix) {
      return events.stream().filter(e -> e.label().startsWith(prefix)).findFirst().orElseThrow();
    }
  }

  private Run run(String text) throws IOException {
    return run(ScenarioParser.parse(text, tmp));
  }

  private Run run(Scenario scenario) throws IOException {
    Path dir = tmp.resolve("run" + runs++);
    StringWriter sw = new StringWriter();
    new ScenarioRunner(scenario, 1, new ScenarioOutput(dir, false))
        .run(new PrintWriter(sw), ms -> {});
    List<Row> rows = new ArrayList<>();
    List<String> t = Files.readAllLines(dir.resolve("timeline.csv"));
    assertThat(t.get(0)).startsWith("t_s,live,components,largest_component,smallest_view,views_agree,one_mesh,"
        + "links,links_lost,links_made,msa_sent,bytes_out");
    for (String l : t.subList(1, t.size())) {
      String[] f = l.split(",");
      rows.add(new Row(ms(f[0]), f[5].equals("1"), f[6].equals("1"), Integer.parseInt(f[7]),
          Integer.parseInt(f[8]), Integer.parseInt(f[9]), Long.parseLong(f[10]), Long.parseLong(f[11])));
    }
    List<Ev> events = new ArrayList<>();
    List<String> e = Files.readAllLines(dir.resolve("events.csv"));
    for (String l : e.subList(1, e.size())) {
      int q = l.lastIndexOf('"');
      String label = l.substring(l.indexOf('"') + 1, q);
      String[] f = l.substring(q + 2).split(",", -1);
      events.add(new Ev(ms(l.substring(0, l.indexOf(','))), label, Integer.parseInt(f[0]), Integer.parseInt(f[1]),
          f[2].isEmpty() ? null : ms(f[2]), f[3].isEmpty() ? null : ms(f[3]), Long.parseLong(f[4]),
          Long.parseLong(f[5])));
    }
    Run r = new Run(rows, events, sw.toString());
    checkAgainstTimeline(r);
    return r;
  }

  private static long ms(String seconds) {
    return Math.round(Double.parseDouble(seconds) * 1000);
  }

  /**
   * The second implementation: for each event, walk its window from the end backwards to the
   * last sample that was not settled (views disagree, or links changed since the sample before).
   */
  private static void checkAgainstTimeline(Run r) {
    List<Row> t = r.timeline();
    for (int k = 1; k < t.size(); k++) {
      assertThat(t.get(k).links() - t.get(k - 1).links()).as("links at %d ms", t.get(k).ms())
          .isEqualTo(t.get(k).made() - t.get(k).lost());
      assertThat(t.get(k).ms()).isGreaterThan(t.get(k - 1).ms());
    }
    long runEnd = t.get(t.size() - 1).ms();
    for (Ev e : r.events()) {
      long end = r.events().stream().mapToLong(Ev::ms).filter(ms -> ms > e.ms()).min().orElse(runEnd);
      int first = indexAt(t, e.ms());
      int last = indexAt(t, end);
      int lost = 0;
      int made = 0;
      for (int k = first + 1; k <= last; k++) {
        lost += t.get(k).lost();
        made += t.get(k).made();
      }
      Long agree = null;
      Long mesh = null;
      // agree: the earliest k such that every sample from k on agrees and none after k changed links
      for (int k = last; k >= first; k--) {
        boolean tailQuiet = true;
        for (int j = k; j <= last; j++) {
          tailQuiet &= t.get(j).agree() && (j == k || t.get(j).lost() + t.get(j).made() == 0);
        }
        if (!tailQuiet) {
          break;
        }
        if (k > first && t.get(k).lost() + t.get(k).made() > 0 || k == first) {
          agree = t.get(k).ms() - e.ms();
          break;
        }
        agree = t.get(k).ms() - e.ms();
      }
      if (agree != null) {
        for (int k = last; k >= first && t.get(k).one() && t.get(k).ms() - e.ms() >= agree; k--) {
          mesh = t.get(k).ms() - e.ms();
        }
      }
      Row until = agree != null ? t.get(indexAt(t, e.ms() + agree)) : t.get(last);
      String what = e.label() + " at " + e.ms() + " ms";
      assertThat(e.lost()).as(what + ": links lost").isEqualTo(lost);
      assertThat(e.made()).as(what + ": links made").isEqualTo(made);
      assertThat(e.agreeMs()).as(what + ": agree").isEqualTo(agree);
      assertThat(e.meshMs()).as(what + ": one mesh").isEqualTo(mesh);
      assertThat(e.msa()).as(what + ": MSAs").isEqualTo(until.msa() - t.get(first).msa());
      assertThat(e.bytes()).as(what + ": bytes").isEqualTo(until.bytes() - t.get(first).bytes());
      assertThat(r.out()).contains(e.label() + ": links -" + lost + " +" + made + "; agree ");
    }
  }

  private static int indexAt(List<Row> t, long ms) {
    for (int k = 0; k < t.size(); k++) {
      if (t.get(k).ms() == ms) {
        return k;
      }
    }
    throw new AssertionError("no sample at " + ms + " ms");
  }

  private static final String RING = "topology ring nodes=6\nrun 14s\nsample 10ms\n";

  @Test
  void formation() throws IOException {
    Ev e = run(RING).event("start");
    assertThat(e.made()).isEqualTo(6);
    assertThat(e.agreeMs()).isPositive();
    assertThat(e.msa()).isPositive();
  }

  @Test
  void crash() throws IOException {
    Ev e = run(RING + "at 3s crash n3\n").event("crash");
    assertThat(e.lost()).isEqualTo(2);
    assertThat(e.agreeMs()).isPositive();
    assertThat(e.meshMs()).isEqualTo(e.agreeMs());
    assertThat(e.msa()).isPositive();
  }

  @Test
  void crashOfACountOnDiscovery() throws IOException {
    Ev e = run("topology discovery nodes=10 degree=3\nrun 14s\nsample 10ms\nat 3s crash 2\n").event("crash");
    assertThat(e.lost()).isGreaterThanOrEqualTo(3);
    assertThat(e.msa()).isPositive();
  }

  @Test
  void restart() throws IOException {
    Ev e = run(RING + "at 2s crash n3\nat 5s restart\n").event("restart");
    assertThat(e.made()).isEqualTo(2);
    assertThat(e.msa()).isPositive();
  }

  @Test
  void freezeIsSeenWhenTheKeepaliveGivesUp() throws IOException {
    Ev e = run(RING + "at 2s freeze n3\nat 10s unfreeze n3\n").event("freeze");
    assertThat(e.lost()).isEqualTo(2);
    assertThat(e.agreeMs()).as("the links die by keepalive, not at once").isGreaterThan(500);
    assertThat(e.meshMs()).as("a frozen node is live but cut off").isNull();
    assertThat(e.msa()).isPositive();
  }

  @Test
  void unfreeze() throws IOException {
    Ev e = run(RING + "at 2s freeze n3\nat 10s unfreeze n3\n").event("unfreeze");
    assertThat(e.made()).isEqualTo(2);
    assertThat(e.meshMs()).isNotNull();
  }

  @Test
  void partition() throws IOException {
    Ev e = run(RING + "at 2s partition n1 n2 n3\nat 10s heal\n").event("partition");
    assertThat(e.lost()).isEqualTo(2);
    assertThat(e.meshMs()).isNull();
    assertThat(e.agreeMs()).isPositive();
  }

  @Test
  void partitionIntoThreeSets() throws IOException {
    Ev e = run(RING + "at 2s partition n1 n2 | n3 n4\nat 10s heal\n").event("partition");
    assertThat(e.lost()).isEqualTo(3);
    assertThat(e.meshMs()).isNull();
  }

  @Test
  void heal() throws IOException {
    Ev e = run(RING + "at 2s partition n1 n2 n3\nat 8s heal\n").event("heal");
    assertThat(e.made()).isEqualTo(2);
    assertThat(e.meshMs()).isNotNull();
    assertThat(e.msa()).isPositive();
  }

  @Test
  void loss() throws IOException {
    Ev e = run(RING + "at 0s traffic broadcast rate=20/s for=13s\nat 3s loss 5%\n").event("loss");
    assertThat(e.agreeMs()).isNotNull();
  }

  @Test
  void drop() throws IOException {
    Run r = run(RING + "at 0s traffic broadcast rate=20/s for=13s\nat 3s drop 100%\nat 8s drop 0%\n");
    Ev all = r.event("drop 100%");
    assertThat(all.lost()).as("every frame lost: the keepalives too").isEqualTo(6);
    assertThat(r.event("drop 0%").agreeMs()).isNotNull();
  }

  @Test
  void delay() throws IOException {
    Run r = run(RING + "at 3s delay 5ms\nat 5s delay uniform 1ms 3ms\nat 7s delay n1 n2 20ms\n");
    assertThat(r.event("delay 5ms").lost()).isZero();
    assertThat(r.event("delay n1 n2").agreeMs()).isNotNull();
  }

  @Test
  void flap() throws IOException {
    Ev e = run(RING + "at 3s flap n1 n2 times=3 every=1s\n").event("flap");
    assertThat(e.lost()).isEqualTo(3);
    assertThat(e.made()).isEqualTo(3);
    assertThat(e.agreeMs()).isGreaterThanOrEqualTo(2_500);
    assertThat(e.msa()).isPositive();
  }

  @Test
  void cutLinkDiesByKeepalive() throws IOException {
    Ev e = run(RING + "at 2s cut n1 n2\nat 9s mend n1 n2\n").event("cut");
    assertThat(e.lost()).isEqualTo(1);
    assertThat(e.agreeMs()).as("no frame passes, the keepalive gives up").isGreaterThan(500);
    assertThat(e.meshMs()).as("a ring without one link is still one mesh").isEqualTo(e.agreeMs());
    assertThat(e.msa()).isPositive();
  }

  @Test
  void mend() throws IOException {
    Ev e = run(RING + "at 2s cut n1 n2\nat 9s mend n1 n2\n").event("mend");
    assertThat(e.made()).isEqualTo(1);
    assertThat(e.msa()).isPositive();
  }

  @Test
  void theShippedAbileneScenarioOnItsGraphmlTopology() throws IOException {
    Run r = run(ScenarioParser.parse(Path.of("").toAbsolutePath().getParent().resolve("scenarios/abilene.scn")));
    assertThat(r.out()).contains("topology Abilene.graphml: 11 nodes, 14 links; link delays: 14 from coordinates");
    assertThat(r.event("cut Denver").lost()).isEqualTo(1);
    assertThat(r.event("crash Houston").lost()).as("Houston's three links").isEqualTo(3);
    assertThat(r.event("crash Houston").meshMs()).as("west and east apart").isNull();
    assertThat(r.event("mend Denver").made()).isEqualTo(1);
  }

  @Test
  void theShippedGeantScenarioOnItsGmlTopology() throws IOException {
    Run r = run(ScenarioParser.parse(Path.of("").toAbsolutePath().getParent().resolve("scenarios/geant.scn")));
    assertThat(r.out()).contains("topology Geant2012.gml: 40 nodes, 61 links");
    assertThat(r.event("cut NL UK").lost()).isEqualTo(1);
    assertThat(r.event("crash DE").lost()).as("the hub's ten links").isEqualTo(10);
    assertThat(r.event("partition").meshMs()).as("three sets").isNull();
    assertThat(r.event("heal").meshMs()).isNotNull();
  }

  @Test
  void degree() throws IOException {
    Ev e = run("topology discovery nodes=8 degree=2\nrun 14s\nsample 10ms\nat 4s degree 4\n").event("degree");
    assertThat(e.made()).isPositive();
    assertThat(e.msa()).isPositive();
  }

  @Test
  void trafficAndSnapshotChangeNothing() throws IOException {
    Run r = run(RING + "at 3s traffic set rate=50/s for=2s to=2\nat 4s traffic request rate=20/s for=2s\n"
        + "at 6s snapshot\n");
    for (String kind : List.of("traffic set", "traffic request", "snapshot")) {
      Ev e = r.event(kind);
      assertThat(e.lost() + e.made()).as(kind).isZero();
      assertThat(e.agreeMs()).as(kind).isZero();
      assertThat(e.msa()).as(kind).isZero();
    }
  }
}
