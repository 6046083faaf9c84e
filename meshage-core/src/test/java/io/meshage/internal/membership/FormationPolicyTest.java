package io.meshage.internal.membership;

import io.meshage.Seeds;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.routing.Part;
import io.meshage.routing.Topology;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The formation policy on hand-made and seeded random views, with the clock set by the test. */
@Timeout(30)
class FormationPolicyTest {
  private static final long PERIOD = 100_000_000L;
  private static final long MAX = 5_000_000_000L;

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

  /** The part of {@code self} in a view. */
  private static Part part(String self, Map<String, Set<String>> view) {
    return Part.of(Topology.of(view), self);
  }

  private static Part part(FormationPolicy policy, Map<String, Set<String>> view) {
    return part(policy.self(), view);
  }

  @Test
  void theDesignatedNodeIsTheSmallestNameWithACycleLink() {
    // "a" hangs on a bridge; the ring b-c-d-e holds the cycle.
    Map<String, Set<String>> part = graph("a-b", "b-c", "c-d", "d-e", "e-b");
    assertThat(new FormationPolicy("a", PERIOD, MAX).isDesignated(part("a", part))).isFalse();
    assertThat(new FormationPolicy("b", PERIOD, MAX).isDesignated(part("b", part))).isTrue();
    assertThat(new FormationPolicy("c", PERIOD, MAX).isDesignated(part("c", part))).isFalse();
  }

  @Test
  void onlyLinksOnACycleAreShedAndNeverTheNewOne() {
    Map<String, Set<String>> part = graph("a-b", "b-c", "c-d", "d-e", "e-b");
    FormationPolicy b = new FormationPolicy("b", PERIOD, MAX);
    assertThat(b.linkToShed(part(b, part), Set.of("a", "c", "e"), null)).isEqualTo("e");
    assertThat(b.linkToShed(part(b, part), Set.of("a", "c", "e", "x"), "e")).isEqualTo("c");
    FormationPolicy a = new FormationPolicy("a", PERIOD, MAX);
    assertThat(a.linkToShed(part(a, part), Set.of("b"), null)).isNull();
    assertThat(a.maySwap(part(a, part), Set.of("b"), 0)).isFalse();
  }

  @Test
  void aSwapBlocksTheNextUntilTheViewShowsItOrTwoPeriodsPass() {
    Map<String, Set<String>> part = graph("a-b", "b-c", "c-a", "a-d", "d-e", "e-a");
    FormationPolicy a = new FormationPolicy("a", PERIOD, MAX);
    Set<String> links = Set.of("b", "c", "d", "e");
    assertThat(a.maySwap(part(a, part), links, 0)).isTrue();
    a.swapped("x", 0);
    assertThat(a.maySwap(part(a, part), links, PERIOD)).isFalse();
    Map<String, Set<String>> seen = graph("a-b", "b-c", "c-a", "a-d", "d-e", "e-a", "a-x");
    assertThat(a.maySwap(part(a, seen), links, PERIOD)).isTrue();
    a.swapped("y", PERIOD);
    assertThat(a.maySwap(part(a, part), links, 3 * PERIOD + 1)).isTrue();
  }

  @Test
  void ofTwoFullPartsTheLargerDesignatedNameActsAndTheOtherAnnounces() {
    Map<String, Set<String>> part = graph("m-n", "n-o", "o-m");
    FormationPolicy m = new FormationPolicy("m", PERIOD, MAX);
    Set<String> links = Set.of("n", "o");
    assertThat(m.onBeaconWhileFull(part(m, part), links, "a", 0, 0)).isEqualTo(FormationPolicy.FullVerdict.MERGE);
    assertThat(m.onBeaconWhileFull(part(m, part), links, "z", 0, 0)).isEqualTo(FormationPolicy.FullVerdict.ANNOUNCE);
    assertThat(m.onBeaconWhileFull(part(m, part), links, "z", 1, 0)).isEqualTo(FormationPolicy.FullVerdict.MERGE);
    FormationPolicy n = new FormationPolicy("n", PERIOD, MAX);
    assertThat(n.onBeaconWhileFull(part(n, part), Set.of("m", "o"), "z", 1, 0)).isEqualTo(FormationPolicy.FullVerdict.IGNORE);
  }

  @Test
  void fullPartAnnouncementsBackOffAndRestartWhenMembersChange() {
    Map<String, Set<String>> part = graph("a-b", "b-c", "c-a");
    FormationPolicy a = new FormationPolicy("a", PERIOD, MAX);
    Random r = new Random(1);
    long[] next = new long[1];
    a.viewChanged(part(a, part));
    long now = 0;
    assertThat(a.announceNow(part(a, part), now, r, next)).isTrue();
    assertThat(next[0]).isBetween(PERIOD, PERIOD * 12 / 10);
    assertThat(a.announceNow(part(a, part), now + 1, r, next)).as("at most one per beacon period").isFalse();
    now += PERIOD;
    assertThat(a.announceNow(part(a, part), now, r, next)).isTrue();
    assertThat(next[0]).isBetween(2 * PERIOD, 2 * PERIOD * 12 / 10);
    for (int i = 0; i < 10; i++) {
      now += next[0];
      a.announceNow(part(a, part), now, r, next);
    }
    assertThat(next[0]).isBetween(MAX, MAX * 12 / 10);
    assertThat(a.viewChanged(part(a, part))).isFalse();
    assertThat(a.viewChanged(part(a, graph("a-b", "b-c", "c-a", "a-d")))).isTrue();
    now += next[0];
    assertThat(a.announceNow(part(a, part), now, r, next)).isTrue();
    assertThat(next[0]).isBetween(PERIOD, PERIOD * 12 / 10);
    FormationPolicy b = new FormationPolicy("b", PERIOD, MAX);
    assertThat(b.announceNow(part(b, part), 0, r, next)).as("only the designated node announces").isFalse();
  }

  /** On seeded random views, shedding the chosen link never disconnects the part. */
  @Test
  void shedLinksNeverSplitRandomParts() {
    long seed = Seeds.forTest();
    Random r = new Random(seed);
    for (int round = 0; round < 500; round++) {
      int n = 3 + r.nextInt(30);
      Map<String, Set<String>> g = new TreeMap<>();
      for (int i = 1; i < n; i++) {
        link(g, "n" + i, "n" + r.nextInt(i));
      }
      int extra = r.nextInt(n);
      for (int i = 0; i < extra; i++) {
        int a = r.nextInt(n);
        int b = r.nextInt(n);
        if (a != b) {
          link(g, "n" + a, "n" + b);
        }
      }
      for (String self : g.keySet()) {
        String shed = new FormationPolicy(self, PERIOD, MAX).linkToShed(part(self, g), g.get(self), null);
        if (shed != null) {
          Map<String, Set<String>> without = new TreeMap<>();
          g.forEach((k, v) -> without.put(k, new TreeSet<>(v)));
          without.get(self).remove(shed);
          without.get(shed).remove(self);
          assertThat(connected(without)).as("seed %d (-Dmeshage.seed=%d): %s sheds %s in %s", seed, seed, self, shed, g)
              .isTrue();
        }
      }
    }
  }

  /**
   * One policy per node, fed a growing and rewired view, always names the designated node the
   * exact rule names (the smallest name with a link on a cycle), whatever witness it kept.
   */
  @Test
  void theDesignatedNodeFollowsTheExactRuleAsTheViewChanges() {
    long seed = Seeds.forTest();
    Random r = new Random(seed);
    for (int round = 0; round < 20; round++) {
      int n = 5 + r.nextInt(60);
      Map<String, FormationPolicy> policies = new TreeMap<>();
      Map<String, Set<String>> g = new TreeMap<>();
      for (int step = 0; step < 2 * n; step++) {
        String a = "n" + r.nextInt(n);
        String b = "n" + r.nextInt(n);
        if (a.equals(b)) {
          continue;
        }
        if (g.containsKey(a) && g.get(a).contains(b) && r.nextInt(4) == 0) {
          g.get(a).remove(b);
          g.get(b).remove(a);
        } else {
          link(g, a, b);
        }
        for (String self : g.keySet()) {
          Part p = part(self, g);
          boolean exact = self.equals(part(self, g).smallestOnCycle());
          assertThat(policies.computeIfAbsent(self, k -> new FormationPolicy(k, PERIOD, MAX)).isDesignated(p))
              .as("seed %d (-Dmeshage.seed=%d): %s in %s", seed, seed, self, g).isEqualTo(exact);
        }
      }
    }
  }

  private static void link(Map<String, Set<String>> g, String a, String b) {
    g.computeIfAbsent(a, k -> new TreeSet<>()).add(b);
    g.computeIfAbsent(b, k -> new TreeSet<>()).add(a);
  }

  private static boolean connected(Map<String, Set<String>> g) {
    Set<String> seen = new TreeSet<>();
    ArrayDeque<String> q = new ArrayDeque<>();
    String start = g.keySet().iterator().next();
    q.add(start);
    seen.add(start);
    while (!q.isEmpty()) {
      for (String y : g.get(q.poll())) {
        if (seen.add(y)) {
          q.add(y);
        }
      }
    }
    return seen.size() == g.size();
  }
}
