package io.meshage.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RouteTableTest {
  /** Undirected links given as "a-b" strings, turned into two-way announcements. */
  static Topology links(String... links) {
    Map<String, Set<String>> announced = new HashMap<>();
    for (String link : links) {
      String[] ends = link.split("-");
      announced.computeIfAbsent(ends[0], k -> new TreeSet<>());
      if (ends.length == 2) {
        announced.computeIfAbsent(ends[1], k -> new TreeSet<>());
        announced.get(ends[0]).add(ends[1]);
        announced.get(ends[1]).add(ends[0]);
      }
    }
    return Topology.of(announced);
  }

  @Test
  void routesAlongALine() {
    RouteTable r = RouteTable.compute(links("a-b", "b-c", "c-d"), "a");
    assertThat(r.self()).isEqualTo("a");
    assertThat(r.nextHop("d")).contains("b");
    assertThat(r.distance("d")).isEqualTo(3);
    assertThat(r.distance("a")).isZero();
    assertThat(r.nextHop("a")).isEmpty();
    assertThat(r.isReachable("a")).isTrue();
    assertThat(r.reachable()).containsExactly("b", "c", "d");
  }

  @Test
  void breaksTiesByTheSmallestNextHop() {
    // s reaches t over x or over m, both two hops: m wins.
    RouteTable r = RouteTable.compute(links("s-x", "s-m", "x-t", "m-t", "x-u"), "s");
    assertThat(r.nextHop("t")).contains("m");
    assertThat(r.nextHop("u")).contains("x");
    // the tie-break must hold for longer paths that share a prefix
    RouteTable deep =
        RouteTable.compute(links("s-z", "s-y", "z-p", "y-q", "p-t", "q-t"), "s");
    assertThat(deep.nextHop("t")).contains("y");
    assertThat(deep.distance("t")).isEqualTo(3);
  }

  @Test
  void unknownAndDisconnectedNodesAreUnreachable() {
    RouteTable r = RouteTable.compute(links("a-b", "c-d"), "a");
    assertThat(r.isReachable("c")).isFalse();
    assertThat(r.distance("c")).isEqualTo(-1);
    assertThat(r.nextHop("c")).isEmpty();
    assertThat(r.distance("ghost")).isEqualTo(-1);
    assertThat(r.broadcastChildren("c")).isEmpty();
    assertThat(r.broadcastChildren("ghost")).isEmpty();
  }

  @Test
  void selfMissingFromTheTopologyReachesNobody() {
    RouteTable r = RouteTable.compute(links("a-b"), "me");
    assertThat(r.reachable()).isEmpty();
    assertThat(r.isReachable("me")).isTrue();
    assertThat(r.nextHop("a")).isEmpty();
    assertThat(r.broadcastChildren("a")).isEmpty();
  }

  @Test
  void splitsRecipientsByNextHop() {
    RouteTable r = RouteTable.compute(links("a-b", "a-c", "b-d", "c-e", "x-y"), "a");
    RouteTable.Split split = r.split(List.of("e", "d", "a", "b", "x", "ghost", "d"));
    assertThat(split.byNextHop()).containsOnlyKeys("b", "c");
    assertThat(split.byNextHop().get("b")).containsExactly("d", "b");
    assertThat(split.byNextHop().get("c")).containsExactly("e");
    assertThat(split.unreachable()).containsExactly("x", "ghost");
    assertThat(split.includesSelf()).isTrue();
    assertThat(r.split(List.of("b")).includesSelf()).isFalse();
  }

  @Test
  void broadcastChildrenFollowTheTreeOfTheOrigin() {
    // a square a-b-d-c-a plus a tail d-e.
    // Tree from a: b and c under a; d under b (b < c); e under d.
    Topology t = links("a-b", "a-c", "b-d", "c-d", "d-e");
    assertThat(RouteTable.compute(t, "a").broadcastChildren("a")).containsExactly("b", "c");
    assertThat(RouteTable.compute(t, "b").broadcastChildren("a")).containsExactly("d");
    assertThat(RouteTable.compute(t, "c").broadcastChildren("a")).isEmpty();
    assertThat(RouteTable.compute(t, "d").broadcastChildren("a")).containsExactly("e");
    assertThat(RouteTable.compute(t, "e").broadcastChildren("a")).isEmpty();
    // from e the tree is e-d, d-b, d-c, b-a
    assertThat(RouteTable.compute(t, "d").broadcastChildren("e")).containsExactly("b", "c");
    assertThat(RouteTable.compute(t, "b").broadcastChildren("e")).containsExactly("a");
    RouteTable cached = RouteTable.compute(t, "d");
    assertThat(cached.broadcastChildren("e")).isSameAs(cached.broadcastChildren("e"));
  }

  @Test
  void aLonelyNodeHasNoRoutes() {
    RouteTable r = RouteTable.compute(links("a"), "a");
    assertThat(r.reachable()).isEmpty();
    assertThat(r.broadcastChildren("a")).isEmpty();
    assertThat(r.split(List.of("a")).byNextHop()).isEmpty();
  }
}
