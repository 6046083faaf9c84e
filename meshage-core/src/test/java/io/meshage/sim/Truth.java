package io.meshage.sim;

import io.meshage.internal.sim.MeshCheck;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The expected view of one node: its connected component of the true two-way topology. */
final class Truth {
  private Truth() {}

  static Map<String, Set<String>> twoWay(Map<String, Set<String>> links) {
    return MeshCheck.twoWay(links);
  }

  static Map<String, Set<String>> component(Map<String, Set<String>> twoWay, String start) {
    Map<String, Set<String>> m = new TreeMap<>();
    ArrayDeque<String> q = new ArrayDeque<>();
    q.add(start);
    m.put(start, twoWay.getOrDefault(start, Set.of()));
    while (!q.isEmpty()) {
      for (String x : twoWay.getOrDefault(q.poll(), Set.of())) {
        if (!m.containsKey(x)) {
          m.put(x, twoWay.get(x));
          q.add(x);
        }
      }
    }
    return m;
  }

  /** Whether every live node's mesh() equals its component of the true topology. */
  static boolean converged(Simulation sim) {
    Map<String, Set<String>> truth = twoWay(sim.trueTopology());
    for (String n : truth.keySet()) {
      if (!sim.node(n).mesh().equals(component(truth, n))) {
        return false;
      }
    }
    return true;
  }

  /** The parts of the true topology, each with every node's neighbour count, for messages. */
  static String parts(Simulation sim) {
    Map<String, Set<String>> truth = twoWay(sim.trueTopology());
    Set<String> done = new TreeSet<>();
    StringBuilder sb = new StringBuilder();
    for (String n : truth.keySet()) {
      if (done.contains(n)) {
        continue;
      }
      Map<String, Set<String>> c = component(truth, n);
      done.addAll(c.keySet());
      sb.append("part of ").append(c.size()).append(": ");
      if (c.size() < 20) {
        c.forEach((k, v) -> sb.append(k).append(v).append(' '));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** The first node whose view differs, with both views, for failure messages. */
  static String firstDifference(Simulation sim) {
    Map<String, Set<String>> truth = twoWay(sim.trueTopology());
    for (String n : truth.keySet()) {
      Map<String, Set<String>> c = component(truth, n);
      if (!sim.node(n).mesh().equals(c)) {
        return n + " sees " + sim.node(n).mesh() + "\n but truth is " + c;
      }
    }
    return "none";
  }
}
