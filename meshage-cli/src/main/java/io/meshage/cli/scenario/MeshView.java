package io.meshage.cli.scenario;

import io.meshage.sim.Simulation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Compares the nodes' views with the simulator's true topology: agreement, one mesh, parts. */
public final class MeshView {
  private MeshView() {}

  /** Every live node sees every live node. */
  static boolean oneMesh(Simulation sim) {
    Set<String> live = sim.liveNodes();
    return live.stream().allMatch(n -> sim.node(n).mesh().size() == live.size());
  }

  /**
   * Every live node's view equals the true links of its connected component (dead nodes gone):
   * false while a link is known to one end only ({@code truth} names a node it has no entry for).
   */
  public static boolean agree(Simulation sim, Map<String, Set<String>> truth) {
    for (Set<String> neighbours : truth.values()) {
      if (!truth.keySet().containsAll(neighbours)) {
        return false;
      }
    }
    for (Set<String> part : components(truth)) {
      Map<String, Set<String>> expected = new TreeMap<>();
      part.forEach(n -> expected.put(n, truth.get(n)));
      for (String n : part) {
        Map<String, Set<String>> view = sim.node(n).mesh();
        if (view.size() != expected.size() || !view.equals(expected)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The smallest view (mesh size) any live node has. */
  static int smallestView(Simulation sim) {
    return sim.liveNodes().stream().mapToInt(n -> sim.node(n).mesh().size()).min().orElse(0);
  }

  /** Connected components of {@code graph}, in name order (edges to unknown nodes ignored). */
  public static List<Set<String>> components(Map<String, Set<String>> graph) {
    List<Set<String>> parts = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    for (String start : graph.keySet()) {
      if (!seen.add(start)) {
        continue;
      }
      Set<String> part = new TreeSet<>();
      Deque<String> todo = new ArrayDeque<>();
      todo.add(start);
      part.add(start);
      while (!todo.isEmpty()) {
        for (String next : graph.getOrDefault(todo.poll(), Set.of())) {
          if (graph.containsKey(next) && seen.add(next)) {
            part.add(next);
            todo.add(next);
          }
        }
      }
      parts.add(part);
    }
    return parts;
  }

  /** The true links as sorted name pairs: a pair of live nodes where either side holds the link. */
  static Set<List<String>> links(Map<String, Set<String>> truth) {
    Set<List<String>> links = new java.util.HashSet<>();
    truth.forEach((a, ns) -> ns.forEach(b -> {
      if (truth.containsKey(b) && !a.equals(b)) {
        links.add(Topology.edge(a, b));
      }
    }));
    return links;
  }

  /** Graphviz text of the true topology at {@code nanos}. */
  static String dot(Map<String, Set<String>> truth, long nanos) {
    StringBuilder b = new StringBuilder("graph mesh {\n  label=\"t=" + Units.format(nanos) + "\";\n");
    truth.keySet().forEach(n -> b.append("  \"").append(n).append("\";\n"));
    truth.forEach((a, ns) -> ns.forEach(n -> {
      if (a.compareTo(n) < 0) {
        b.append("  \"").append(a).append("\" -- \"").append(n).append("\";\n");
      }
    }));
    return b.append("}\n").toString();
  }
}
