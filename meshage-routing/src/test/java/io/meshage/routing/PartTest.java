package io.meshage.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A node's part: its members, its links on a cycle, its fingerprint and its comparisons. */
@Timeout(30)
class PartTest {
  /** A view from edges written "a-b". */
  private static Map<String, Set<String>> graph(String... edges) {
    Map<String, Set<String>> g = new TreeMap<>();
    for (String e : edges) {
      String[] ab = e.split("-");
      g.computeIfAbsent(ab[0], k -> new TreeSet<>()).add(ab[1]);
      g.computeIfAbsent(ab[1], k -> new TreeSet<>()).add(ab[0]);
    }
    return g;
  }

  @Test
  void linksOnACycleAreExactlyTheNonBridges() {
    // Two triangles joined by the bridge c-d, and a tail d-g.
    Part p = Part.of(Topology.of(graph("a-b", "b-c", "c-a", "c-d", "d-e", "e-f", "f-d", "d-g")), "g");
    assertThat(p.onCycle("a", "b")).isTrue();
    assertThat(p.onCycle("c", "a")).isTrue();
    assertThat(p.onCycle("e", "f")).isTrue();
    assertThat(p.onCycle("c", "d")).isFalse();
    assertThat(p.onCycle("d", "g")).isFalse();
    assertThat(p.onCycle("a", "e")).as("not a link").isFalse();
    assertThat(p.smallestOnCycle()).isEqualTo("a");
    assertThat(Part.of(Topology.of(graph("a-b", "b-c")), "a").smallestOnCycle()).isNull();
    assertThat(Part.of(Topology.of(graph("b-c", "c-d", "d-b", "a-x")), "a").smallestOnCycle())
        .as("only the own part counts").isNull();
  }

  @Test
  void aShortSearchFindsCycleLinksAndNeverClaimsABridge() {
    Part p = Part.of(Topology.of(graph("a-b", "b-c", "c-a", "c-d", "d-e", "e-f", "f-d", "d-g")), "g");
    assertThat(p.hasShortCycleLink("a", 16)).isTrue();
    assertThat(p.hasShortCycleLink("d", 16)).isTrue();
    assertThat(p.hasShortCycleLink("g", 1_000)).as("a leaf").isFalse();
    assertThat(p.hasShortCycleLink("x", 1_000)).as("not in the part").isFalse();
    assertThat(Part.of(Topology.of(graph("a-b", "b-c", "c-d")), "a").hasShortCycleLink("b", 1_000)).isFalse();
    String[] ring = new String[1_000];
    for (int i = 0; i < ring.length; i++) {
      ring[i] = "r" + i + "-r" + ((i + 1) % ring.length);
    }
    Part big = Part.of(Topology.of(graph(ring)), "r0");
    assertThat(big.hasShortCycleLink("r5", 64)).as("the ring's one cycle is longer than the budget").isFalse();
    assertThat(big.hasShortCycleLink("r5", 2_000)).isTrue();
  }

  @RepeatedTest(20)
  void theShortSearchAgreesWithTheBridgesWhenItAnswers(RepetitionInfo rep) throws Exception {
    Seeds.check(rep, 5, random -> {
      int n = Seeds.between(random, 2, 300);
      Map<String, Set<String>> g = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        g.computeIfAbsent("n" + i, k -> new TreeSet<>());
      }
      int links = (int) (n * (0.8 + random.nextDouble()));
      for (int k = 0; k < links; k++) {
        int a = random.nextInt(n);
        int b = random.nextInt(n);
        if (a != b) {
          g.get("n" + a).add("n" + b);
          g.get("n" + b).add("n" + a);
        }
      }
      Part p = Part.of(Topology.of(g), "n0");
      Part exact = Part.of(Topology.of(g), "n0");
      exact.smallestOnCycle();
      for (int i = 0; i < n; i++) {
        String v = "n" + i;
        boolean onCycle = p.contains(v) && g.get(v).stream().anyMatch(w -> exact.onCycle(v, w));
        assertThat(p.hasShortCycleLink(v, 4 * n + 8)).as("%s with a budget past the part", v).isEqualTo(onCycle);
        if (p.hasShortCycleLink(v, 8)) {
          assertThat(onCycle).as("%s found within 8", v).isTrue();
        }
      }
    });
  }

  @RepeatedTest(20)
  void aWitnessFoundNearIsSmallerAndOnACycle(RepetitionInfo rep) throws Exception {
    Seeds.check(rep, 6, random -> {
      int n = Seeds.between(random, 2, 300);
      Map<String, Set<String>> g = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        g.computeIfAbsent(String.format("n%03d", i), k -> new TreeSet<>());
      }
      int links = (int) (n * (0.6 + random.nextDouble()));
      for (int k = 0; k < links; k++) {
        String a = String.format("n%03d", random.nextInt(n));
        String b = String.format("n%03d", random.nextInt(n));
        if (!a.equals(b)) {
          g.get(a).add(b);
          g.get(b).add(a);
        }
      }
      String self = String.format("n%03d", random.nextInt(n));
      Part p = Part.of(Topology.of(g), self);
      Part exact = Part.of(Topology.of(g), self);
      String smallest = exact.smallestOnCycle();
      for (String v : g.keySet()) {
        String w = p.smallerOnCycleNear(v, Seeds.between(random, 1, 64));
        if (!p.contains(v)) {
          assertThat(w).as("%s is not in the part", v).isNull();
        } else if (w != null) {
          assertThat(w).as("witness of %s", v).isLessThan(v);
          assertThat(exact.contains(w)).isTrue();
          assertThat(g.get(w).stream().anyMatch(x -> exact.onCycle(w, x))).as("%s has a link on a cycle", w).isTrue();
        }
        if (v.equals(smallest)) {
          assertThat(w).as("nothing smaller than the smallest on a cycle").isNull();
        }
      }
    });
  }

  @Test
  void onAWellLinkedPartAWitnessIsFoundWithoutTheWholePart() {
    // A ring of 2,000 with chords: every node is a few hops from a smaller name on a short cycle.
    Map<String, Set<String>> g = new TreeMap<>();
    int n = 2_000;
    for (int i = 0; i < n; i++) {
      for (int step : new int[] {1, 37}) {
        String a = String.format("n%04d", i);
        String b = String.format("n%04d", (i + step) % n);
        g.computeIfAbsent(a, k -> new TreeSet<>()).add(b);
        g.computeIfAbsent(b, k -> new TreeSet<>()).add(a);
      }
    }
    Part p = Part.of(Topology.of(g), "n1999");
    assertThat(p.smallerOnCycleNear("n1999", 256)).isNotNull().isLessThan("n1999");
    assertThat(p.smallerOnCycleNear("n0000", 256)).as("nothing is smaller").isNull();
    assertThat(p.smallerOnCycleNear("n1999", 1)).as("a budget of one visits only the node").isNull();
  }

  @Test
  void aLongRingIsAnalysedWithoutDeepRecursion() {
    Map<String, Set<String>> ring = new TreeMap<>();
    int n = 50_000;
    for (int i = 0; i < n; i++) {
      String a = "n" + i;
      String b = "n" + ((i + 1) % n);
      ring.computeIfAbsent(a, k -> new TreeSet<>()).add(b);
      ring.computeIfAbsent(b, k -> new TreeSet<>()).add(a);
    }
    Part p = Part.of(Topology.of(ring), "n7");
    assertThat(p.size()).isEqualTo(n);
    assertThat(p.onCycle("n0", "n1")).isTrue();
    assertThat(p.smallestOnCycle()).isEqualTo("n0");
  }

  @Test
  void theViewIsTheOwnComponentAndComparesWithoutBuildingMaps() {
    Map<String, Set<String>> g = graph("a-b", "b-c", "x-y");
    Part p = Part.of(Topology.of(g), "a");
    Map<String, Set<String>> expected = graph("a-b", "b-c");
    assertThat(p.size()).isEqualTo(3);
    assertThat(p.contains("c")).isTrue();
    assertThat(p.contains("x")).isFalse();
    assertThat(p.neighborsOf("b")).containsExactly("a", "c");
    assertThat(p.neighborsOf("x")).isNull();
    assertThat(p.matches(expected)).isTrue();
    assertThat(p.matches(graph("a-b", "b-c", "c-a"))).isFalse();
    assertThat(p.matches(graph("a-b", "b-d"))).isFalse();
    assertThat(p.adjacency()).isEqualTo(expected);
    assertThat(p.fingerprint()).isEqualTo(Part.fingerprint(expected));
    assertThat(p.fingerprint()).isNotEqualTo(Part.fingerprint(graph("a-b", "a-c")));
    Part fromC = Part.of(Topology.of(g), "c");
    assertThat(p.sameNodesAndLinks(fromC)).isTrue();
    assertThat(p.sameNodesAndLinks(Part.of(Topology.of(g), "x"))).isFalse();
    assertThat(p.sameMembersAs(fromC)).as("members from another node's routes").isFalse();
    Part alone = Part.of(Topology.of(Map.of()), "q");
    assertThat(alone.size()).isEqualTo(1);
    assertThat(alone.adjacency()).isEqualTo(Map.of("q", Set.of()));
    assertThat(alone.fingerprint()).isEqualTo(Part.fingerprint(Map.of("q", Set.of())));
  }

  @Test
  void partsOfOneDatabaseCompareByRows() {
    LinkStateDatabase db = new LinkStateDatabase("a", 1);
    db.originate(Set.of("b"), Map.of(), 0);
    db.offer(new Msa("b", 1, Lollipop.first(), Set.of("a"), Map.of()), 0);
    Part first = Part.of(RouteTable.compute(db.topology(), "a"));
    db.offer(new Msa("c", 1, Lollipop.first(), Set.of(), Map.of()), 0);
    Part second = Part.of(RouteTable.compute(db.topology(), "a"));
    assertThat(second.sameAs(first)).as("c is not linked: the part is unchanged").isTrue();
    db.offer(new Msa("c", 1, Lollipop.next(Lollipop.first()), Set.of("b"), Map.of()), 0);
    db.offer(new Msa("b", 1, Lollipop.next(Lollipop.first()), Set.of("a", "c"), Map.of()), 0);
    Part third = Part.of(RouteTable.compute(db.topology(), "a"));
    assertThat(third.sameAs(second)).isFalse();
    assertThat(third.sameMembersAs(second)).isFalse();
    assertThat(third.adjacency()).isEqualTo(graph("a-b", "b-c"));
  }
}
