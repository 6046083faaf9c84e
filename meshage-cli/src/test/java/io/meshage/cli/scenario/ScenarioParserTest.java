package io.meshage.cli.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.cli.scenario.Action.Traffic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScenarioParserTest {
  @TempDir Path dir;

  private Scenario parse(String text) {
    return ScenarioParser.parse(text, dir);
  }

  private Action only(String event) {
    Scenario s = parse("topology chain nodes=4\nat 1s " + event + "\n");
    assertThat(s.events()).hasSize(1);
    assertThat(s.events().get(0).atNanos()).isEqualTo(1_000_000_000L);
    return s.events().get(0).action();
  }

  @Test
  void settingsAndDefaults() {
    Scenario s = parse("# c\ntopology discovery nodes=10 degree=4  # trailing\nsample 20ms\nwire off\nseed -5\nat 2.5s heal\n");
    assertThat(s.topology().kind()).isEqualTo(Topology.Kind.DISCOVERY);
    assertThat(s.topology().names()).hasSize(10).startsWith("n01", "n02").endsWith("n10");
    assertThat(s.topology().degree()).isEqualTo(4);
    assertThat(s.sampleNanos()).isEqualTo(20_000_000L);
    assertThat(s.wire()).isFalse();
    assertThat(s.seed()).isEqualTo(-5L);
    assertThat(s.runNanos()).isEqualTo(32_500_000_000L); // last event + 30 s
    assertThat(parse("topology chain nodes=2\nrun 1m\n").runNanos()).isEqualTo(60_000_000_000L);
  }

  @Test
  void eventsAreSortedByTimeStably() {
    Scenario s = parse("topology chain nodes=3\nat 5s heal\nat 1s loss 1%\nat 5s drop 0%\n");
    assertThat(s.events()).extracting(Scenario.Event::line).containsExactly(3, 2, 4);
  }

  @Test
  void topologies() {
    assertThat(parse("topology chain nodes=4").topology().edges())
        .containsExactly(List.of("n1", "n2"), List.of("n2", "n3"), List.of("n3", "n4"));
    assertThat(parse("topology ring nodes=4").topology().edges()).hasSize(4).contains(List.of("n1", "n4"));
    assertThat(parse("topology star nodes=5").topology().edges()).hasSize(4).allMatch(e -> e.contains("n1"));
    Topology grid = parse("topology grid rows=2 cols=3").topology();
    assertThat(grid.names()).hasSize(6);
    assertThat(grid.edges()).hasSize(7); // 2 rows x 2 + 3 columns x 1
    Topology random = parse("topology random nodes=10 edges=15").topology();
    List<List<String>> edges = random.edges(new Random(1));
    assertThat(edges).hasSize(15).doesNotHaveDuplicates();
    assertThat(random.edges(new Random(1))).isEqualTo(edges);
    assertThat(Set.copyOf(edges.stream().flatMap(List::stream).toList())).hasSize(10); // spanning
  }

  @Test
  void dotImport() throws IOException {
    Files.writeString(dir.resolve("g.dot"), "graph g {\n  a -- b;\n  \"b\" -- c [color=red];\n  d;\n}\n");
    Topology t = parse("topology dot file=g.dot").topology();
    assertThat(t.names()).containsExactly("a", "b", "c", "d");
    assertThat(t.edges()).containsExactly(List.of("a", "b"), List.of("b", "c"));
    assertThat(parse("topology dot file=g.dot\nat 1s crash d").events()).hasSize(1);
  }

  @Test
  void eachAction() {
    assertThat(only("crash 2")).isEqualTo(new Action.Crash(2, List.of()));
    assertThat(only("crash n1 n3")).isEqualTo(new Action.Crash(0, List.of("n1", "n3")));
    assertThat(only("restart")).isEqualTo(new Action.Restart(List.of()));
    assertThat(only("restart n2")).isEqualTo(new Action.Restart(List.of("n2")));
    assertThat(only("freeze n2")).isEqualTo(new Action.Freeze(List.of("n2")));
    assertThat(parse("topology chain nodes=4\nat 0s freeze n2\nat 1s unfreeze n2\n").events().get(1).action())
        .isEqualTo(new Action.Unfreeze(List.of("n2")));
    assertThat(only("partition n1 n2 | n3")).isEqualTo(
        new Action.Partition(List.of(Set.of("n1", "n2"), Set.of("n3"))));
    assertThat(only("heal")).isEqualTo(new Action.Heal());
    assertThat(only("loss 5%")).isEqualTo(new Action.Loss(0.05));
    assertThat(only("drop 0.5")).isEqualTo(new Action.Drop(0.5));
    assertThat(only("delay 5ms")).isEqualTo(new Action.Delay(false, 5_000_000, 5_000_000, null, null));
    assertThat(only("delay uniform 1ms 2ms")).isEqualTo(new Action.Delay(true, 1_000_000, 2_000_000, null, null));
    assertThat(only("delay n1 n2 3ms")).isEqualTo(new Action.Delay(false, 3_000_000, 3_000_000, "n1", "n2"));
    assertThat(only("flap n1 n2 times=3 every=500ms")).isEqualTo(new Action.Flap("n1", "n2", 3, 500_000_000));
    assertThat(only("degree 5")).isEqualTo(new Action.Degree(5, List.of()));
    assertThat(only("degree 2 n1")).isEqualTo(new Action.Degree(2, List.of("n1")));
    assertThat(only("traffic set rate=100/s for=2s to=3"))
        .isEqualTo(new Traffic(Traffic.Kind.SET, 100, 2_000_000_000L, 3));
    assertThat(only("traffic broadcast rate=2 for=1s")).isEqualTo(new Traffic(Traffic.Kind.BROADCAST, 2, 1_000_000_000L, 1));
    assertThat(only("traffic request rate=10/s for=100ms"))
        .isEqualTo(new Traffic(Traffic.Kind.REQUEST, 10, 100_000_000L, 1));
    assertThat(only("snapshot")).isEqualTo(new Action.Snapshot());
  }

  private void fails(String text, String message) {
    assertThatThrownBy(() -> parse(text)).isInstanceOf(ScenarioException.class).hasMessage(message);
  }

  @Test
  void errorsNameLineAndField() {
    fails("run 10s\n", "line 2, topology: missing: the file needs a 'topology' line");
    fails("topology chain nodes=3\ntopology ring nodes=3", "line 2, topology: given twice");
    fails("topology blob nodes=3", "line 1, topology: unknown kind 'blob' (expected discovery, chain, ring, grid, star, random, dot, graphml or gml)");
    fails("topology chain", "line 1, nodes: missing (topology needs nodes=N)");
    fails("topology chain nodes=x", "line 1, nodes: expected a whole number, got 'x'");
    fails("topology chain nodes=1", "line 1, nodes: must be in [2, 20000], got 1");
    fails("topology chain nodes=3 degree=2", "line 1, degree: not an option of topology chain (allowed: nodes)");
    fails("topology grid rows=2", "line 1, cols: missing (topology needs cols=N)");
    fails("topology random nodes=5 edges=2", "line 1, edges: must be in [4, 10], got 2");
    fails("topology dot", "line 1, file: missing (topology dot needs file=PATH)");
    assertThatThrownBy(() -> parse("topology dot file=none.dot"))
        .hasMessageStartingWith("line 1, file: cannot read ");
    fails("topology chain nodes=3\nfoo", "line 2, keyword: unknown 'foo' (expected topology, run, sample, wire, seed or at)");
    fails("topology chain nodes=3\nrun soon", "line 2, run: expected a duration like 500ms, 2s or 1m, got 'soon'");
    fails("topology chain nodes=3\nsample 0s", "line 2, sample: must be above zero");
    fails("topology chain nodes=3\nwire maybe", "line 2, wire: expected on or off, got 'maybe'");
    fails("topology chain nodes=3\nseed x", "line 2, seed: not a whole number: 'x'");
    fails("topology chain nodes=3\nat 1s", "line 2, at: expected 'at TIME ACTION ...'");
    fails("topology chain nodes=3\nat 1h heal", "line 2, at: expected a duration like 500ms, 2s or 1m, got '1h'");
    fails("topology chain nodes=3\nat 1s explode", "line 2, action: unknown 'explode' (expected crash, restart,"
        + " freeze, unfreeze, partition, heal, cut, mend, loss, drop, delay, flap, degree, traffic or snapshot)");
    fails("topology chain nodes=3\n\nat 1s crash n9", "line 3, node: no node 'n9' in the topology");
    fails("topology chain nodes=3\nat 1s crash 0", "line 2, crash: must be in [1, 20000], got 0");
    fails("topology chain nodes=3\nat 1s freeze", "line 2, freeze: expected one or more node names");
    fails("topology chain nodes=3\nat 1s heal now", "line 2, heal: takes no arguments, got 'now'");
    fails("topology chain nodes=3\nat 1s loss 120%", "line 2, loss: must be within 0% and 100%, got '120%'");
    fails("topology chain nodes=3\nat 1s drop lots", "line 2, drop: expected a percentage like 5% or 0.05, got 'lots'");
    fails("topology chain nodes=3\nat 1s delay uniform 5ms 1ms", "line 2, delay max: below delay min");
    fails("topology chain nodes=3\nat 1s delay a b c d", "line 2, delay: expected 'delay D', 'delay uniform MIN MAX' or 'delay NODE NODE D'");
    fails("topology chain nodes=3\nat 1s partition n1 | | n2", "line 2, partition: empty set before '|'");
    fails("topology chain nodes=3\nat 1s partition n1 | n1", "line 2, partition: node 'n1' in two sets");
    fails("topology chain nodes=3\nat 1s flap n1 n1", "line 2, flap: needs two different nodes");
    fails("topology chain nodes=3\nat 1s flap n1 n2 often=2", "line 2, often: unknown option of flap (allowed: every, times)");
    fails("topology chain nodes=3\nat 1s degree", "line 2, degree: expected 'degree D [NODE ...]'");
    fails("topology chain nodes=3\nat 1s traffic mail rate=1 for=1s", "line 2, traffic: unknown kind 'mail' (expected set, broadcast or request)");
    fails("topology chain nodes=3\nat 1s traffic set rate=1", "line 2, traffic: needs rate=N/s and for=DURATION");
    fails("topology chain nodes=3\nat 1s traffic set rate=fast for=1s", "line 2, rate: expected a rate like 100/s, got 'fast'");
    fails("topology chain nodes=3\nat 1s traffic broadcast rate=1 for=1s to=2", "line 2, to: only for traffic set");
    fails("topology chain nodes=3\nrun 1s\nat 2s heal", "line 3, at: event after the end of the run (1.000s)");
  }

  @Test
  void eventsAreCheckedAgainstEachOtherInTimeOrder() {
    fails("", "line 1, topology: the file is empty (it needs a 'topology' line, then events)");
    fails("\n  \n", "line 1, topology: the file is empty (it needs a 'topology' line, then events)");
    fails("topology ring nodes=5\nat 1s crash 9", "line 2, crash: 9 nodes, but at most 5 are live at 1.000s");
    fails("topology ring nodes=5\nat 1s crash 2\nat 2s crash 4", "line 3, crash: 4 nodes, but at most 3 are live at 2.000s");
    fails("topology ring nodes=5\nat 1s crash n1\nat 2s crash 5", "line 3, crash: 5 nodes, but at most 4 are live at 2.000s");
    fails("topology ring nodes=5\nat 1s crash n2\nat 2s crash n2",
        "line 3, crash: node 'n2' is crashed at 2.000s (crashed on line 2, not restarted since)");
    fails("topology ring nodes=5\nat 3s freeze n2\nat 1s crash n2",
        "line 2, freeze: node 'n2' is crashed at 3.000s (crashed on line 3, not restarted since)");
    fails("topology ring nodes=5\nat 1s crash n2\nat 2s flap n1 n2",
        "line 3, flap: node 'n2' is crashed at 2.000s (crashed on line 2, not restarted since)");
    fails("topology ring nodes=5\nat 1s unfreeze n2", "line 2, unfreeze: node 'n2' is not frozen at 1.000s");
    fails("topology ring nodes=5\nat 1s traffic set rate=1/s for=1s to=5",
        "line 2, to: 5 recipients, but the topology has only 5 nodes (at most 4 besides the sender)");
    fails("topology ring nodes=3\nat 1s partition n1 n2 n3",
        "line 2, partition: all nodes are in one set: nothing is split (name a subset, or several sets separated by '|')");
    fails("topology ring nodes=3\nat 1s delay n1 n1 5ms", "line 2, delay: a link needs two different nodes");
    fails("topology ring nodes=3\nat 1s cut n1", "line 2, cut: expected 'cut NODE NODE'");
    fails("topology ring nodes=3\nat 1s mend n2 n2", "line 2, mend: needs two different nodes");
    fails("topology ring nodes=3\nat 1s cut n1 n7", "line 2, node: no node 'n7' in the topology");
    fails("topology ring nodes=3\nrun 10s\nrun 20s", "line 3, run: given twice");
    fails("topology ring nodes=3\nrun 1s\nsample 2s", "line 3, sample: 2.000s is longer than the run (1.000s)");
    fails("topology ring nodes=3\nrun 40s\nsample 1us", "line 3, sample: 0.000s over a run of 40.000s is 40000001"
        + " samples; at most 1000000 (sample less often)");
    fails("topology ring nodes=3\nat 1s traffic set rate=1000000/s for=1m",
        "line 2, traffic: 60000000 sends; at most 1000000 per traffic line");
    // what is fine: a crash after a restart, a random crash of all live nodes, a named crash
    // of a node that a random crash may have hit, unfreezing a node that a random crash may have hit
    parse("topology ring nodes=5\nat 1s crash 4\nat 2s restart\nat 3s crash 5");
    parse("topology ring nodes=5\nat 1s crash n1\nat 2s restart n1\nat 3s crash n1");
    parse("topology ring nodes=5\nat 1s freeze n1\nat 2s crash 2\nat 3s crash n1\nat 4s restart\nat 5s crash 5");
  }
}
