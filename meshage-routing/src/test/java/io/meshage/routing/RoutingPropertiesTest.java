package io.meshage.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.ConnectivityInspector;
import org.jgrapht.alg.interfaces.ShortestPathAlgorithm.SingleSourcePaths;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.jgrapht.graph.DefaultEdge;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Properties of routes and broadcast trees on random graphs of 1 to 2,000 nodes, checked against
 * JGraphT's own algorithms; seeded as {@link Seeds} says (the first repetitions take the extreme
 * sizes). The repetitions and the sampled origins keep the class to a few seconds.
 */
@Timeout(120)
class RoutingPropertiesTest {
  private static final int SAMPLED_ORIGINS = 3;
  private static final int SAMPLED_DESTINATIONS = 40;

  /** 1 and 2,000 nodes in the first two repetitions, a random size in the others. */
  private static int size(RepetitionInfo rep, Random random, int max) {
    return switch (rep.getCurrentRepetition()) {
      case 1 -> Long.getLong(Seeds.PROPERTY) == null ? 1 : 1 + random.nextInt(max);
      case 2 -> Long.getLong(Seeds.PROPERTY) == null ? max : 1 + random.nextInt(max);
      default -> 1 + random.nextInt(max);
    };
  }

  @RepeatedTest(30)
  void routesAgreeWithJgraphtShortestPaths(RepetitionInfo rep) throws Exception {
    Seeds.check(rep, 1, random -> routesAgree(size(rep, random, 2000), random.nextInt(61), random));
  }

  private static void routesAgree(int size, int degreeTenths, Random random) {
    Topology topology = randomTopology(size, degreeTenths / 10.0, random);
    List<String> nodes = new ArrayList<>(topology.nodes());
    String self = nodes.get(random.nextInt(nodes.size()));
    RouteTable routes = RouteTable.compute(topology, self);
    Graph<String, DefaultEdge> graph = topology.graph();
    SingleSourcePaths<String, DefaultEdge> fromSelf = new BFSShortestPath<>(graph).getPaths(self);
    Set<String> component = new ConnectivityInspector<>(graph).connectedSetOf(self);
    for (String node : nodes) {
      int expected = component.contains(node) ? (int) fromSelf.getWeight(node) : -1;
      assertThat(routes.distance(node)).as("distance %s -> %s", self, node).isEqualTo(expected);
      assertThat(routes.isReachable(node)).isEqualTo(expected >= 0);
    }
    assertThat(routes.reachable()).hasSize(component.size() - 1);
    for (int k = 0; k < SAMPLED_DESTINATIONS; k++) {
      checkNextHop(routes, topology, nodes.get(random.nextInt(nodes.size())));
    }
  }

  @RepeatedTest(30)
  void broadcastTreesReachEveryNodeOfTheComponentExactlyOnce(RepetitionInfo rep) throws Exception {
    Seeds.check(rep, 1, random -> treesReach(size(rep, random, 2000), random.nextInt(61), random));
  }

  private static void treesReach(int size, int degreeTenths, Random random) {
    Topology topology = randomTopology(size, degreeTenths / 10.0, random);
    List<String> nodes = new ArrayList<>(topology.nodes());
    Map<String, RouteTable> tables = new HashMap<>();
    int origins = size <= 50 ? size : SAMPLED_ORIGINS;
    for (int k = 0; k < origins; k++) {
      String origin = size <= 50 ? nodes.get(k) : nodes.get(random.nextInt(nodes.size()));
      checkBroadcast(topology, origin, tables);
    }
  }

  @RepeatedTest(40)
  void incrementalTopologyEqualsARebuild(RepetitionInfo rep) throws Exception {
    Seeds.check(rep, 1, random -> incremental(1 + size(rep, random, 199), random));
  }

  private static void incremental(int size, Random random) {
    LinkStateDatabase db = new LinkStateDatabase("n0", 1);
    RouteTable previous = null;
    int[] sequence = new int[size];
    Arrays.fill(sequence, Lollipop.first());
    for (int step = 0; step < 300; step++) {
      int i = random.nextInt(size);
      Set<String> neighbors = new HashSet<>();
      for (int k = random.nextInt(5); k > 0; k--) {
        neighbors.add("n" + random.nextInt(size + 2));
      }
      if (i == 0) {
        db.originate(neighbors, Map.of(), step);
      } else {
        sequence[i] = Lollipop.next(sequence[i]);
        db.offer(new Msa("n" + i, 1, sequence[i], neighbors, Map.of()), step);
      }
      if (random.nextInt(40) == 0) {
        db.expire(step, 50);
      }
      if (random.nextInt(3) == 0) {
        Topology rebuilt = Topology.fromMsas(db.all());
        assertThat(db.topology()).isEqualTo(rebuilt);
        RouteTable incremental = RouteTable.compute(db.topology(), "n0");
        RouteTable fresh = RouteTable.compute(rebuilt, "n0");
        sameRoutes(incremental, fresh);
        if (previous != null) {
          Set<String> lost = new HashSet<>(previous.reachable());
          lost.removeAll(fresh.reachable());
          assertThat(incremental.lostSince(previous)).isEqualTo(lost);
          assertThat(incremental.reachesSameAs(previous)).isEqualTo(previous.reachable().equals(fresh.reachable()));
          boolean samePart = previous.topology().componentOf("n0").equals(rebuilt.componentOf("n0"));
          assertThat(incremental.samePartAs(previous)).isEqualTo(samePart);
        }
        previous = incremental;
      }
    }
  }

  /** Routes over one id space and over a rebuilt one agree on every hop and every tree. */
  private static void sameRoutes(RouteTable a, RouteTable b) {
    assertThat(a.reachable()).containsExactlyElementsOf(b.reachable());
    for (String n : b.topology().nodes()) {
      assertThat(a.distance(n)).isEqualTo(b.distance(n));
      assertThat(a.nextHop(n)).isEqualTo(b.nextHop(n));
      assertThat(a.broadcastChildren(n)).isEqualTo(b.broadcastChildren(n));
    }
  }

  private static void checkNextHop(RouteTable routes, Topology topology, String destination) {
    int d = routes.distance(destination);
    if (d <= 0) {
      assertThat(routes.nextHop(destination)).isEmpty();
      return;
    }
    String hop = routes.nextHop(destination).orElseThrow();
    assertThat(topology.neighborsOf(routes.self())).contains(hop);
    SingleSourcePaths<String, DefaultEdge> toDestination =
        new BFSShortestPath<>(topology.graph()).getPaths(destination);
    assertThat((int) toDestination.getWeight(hop)).isEqualTo(d - 1);
    String smallest =
        topology.neighborsOf(routes.self()).stream()
            .filter(n -> toDestination.getWeight(n) == d - 1)
            .sorted()
            .findFirst()
            .orElseThrow();
    assertThat(hop).as("tie-break towards %s", destination).isEqualTo(smallest);
  }

  /** Forwards a broadcast from {@code origin} along every node's own children. */
  private static void checkBroadcast(
      Topology topology, String origin, Map<String, RouteTable> tables) {
    Map<String, Integer> received = new HashMap<>();
    received.put(origin, 1);
    int transmissions = 0;
    ArrayDeque<String> queue = new ArrayDeque<>(List.of(origin));
    while (!queue.isEmpty()) {
      String node = queue.poll();
      RouteTable table = tables.computeIfAbsent(node, n -> RouteTable.compute(topology, n));
      for (String child : table.broadcastChildren(origin)) {
        assertThat(topology.neighborsOf(node)).contains(child);
        transmissions++;
        if (received.merge(child, 1, Integer::sum) == 1) {
          queue.add(child);
        }
      }
    }
    Set<String> component = topology.componentOf(origin).nodes();
    assertThat(received.keySet()).as("reached from %s", origin).isEqualTo(component);
    assertThat(new HashSet<>(received.values())).containsExactly(1);
    assertThat(transmissions).isEqualTo(component.size() - 1);
  }

  /**
   * A random graph of {@code size} nodes and about {@code averageDegree} two-way links per node,
   * plus some one-way announcements and unknown names that must not become edges.
   */
  static Topology randomTopology(int size, double averageDegree, Random random) {
    Map<String, Set<String>> announced = new HashMap<>();
    for (int i = 0; i < size; i++) {
      announced.put("n" + i, new HashSet<>());
    }
    long links = Math.round(size * averageDegree / 2);
    for (long k = 0; k < links && size > 1; k++) {
      String a = "n" + random.nextInt(size);
      String b = "n" + random.nextInt(size);
      announced.get(a).add(b);
      if (random.nextInt(10) > 0) {
        announced.get(b).add(a);
      }
    }
    for (int k = 0; k < size / 10; k++) {
      announced.get("n" + random.nextInt(size)).add("ghost" + k);
    }
    return Topology.of(announced);
  }
}
