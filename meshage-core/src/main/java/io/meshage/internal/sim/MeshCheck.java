package io.meshage.internal.sim;

import io.meshage.internal.PartView;
import io.meshage.routing.Part;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Questions an experiment asks about a simulation: is the true topology one mesh, do the nodes'
 * views agree with it, does any node exceed its degree. Every answer is computed from the
 * simulator's truth (the live nodes' current links), not from what one node believes.
 */
public final class MeshCheck {
  private MeshCheck() {}

  /** The true topology restricted to two-way links between live nodes. */
  public static Map<String, Set<String>> twoWay(Simulator sim) {
    return twoWay(sim.trueTopology());
  }

  /** {@code links} (node to the nodes it links to) restricted to links both ends list. */
  public static Map<String, Set<String>> twoWay(Map<String, Set<String>> links) {
    Map<String, Set<String>> m = new TreeMap<>();
    links.forEach(
        (n, ns) -> {
          Set<String> s = new TreeSet<>();
          for (String x : ns) {
            if (links.containsKey(x) && links.get(x).contains(n)) {
              s.add(x);
            }
          }
          m.put(n, s);
        });
    return m;
  }

  /** The connected parts of {@code graph}, each a sorted set of names, in order of their smallest. */
  public static List<Set<String>> components(Map<String, Set<String>> graph) {
    List<Set<String>> parts = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    for (String start : graph.keySet()) {
      if (seen.contains(start)) {
        continue;
      }
      Set<String> part = new TreeSet<>();
      ArrayDeque<String> queue = new ArrayDeque<>();
      queue.add(start);
      part.add(start);
      while (!queue.isEmpty()) {
        for (String y : graph.getOrDefault(queue.poll(), Set.of())) {
          if (part.add(y)) {
            queue.add(y);
          }
        }
      }
      parts.add(part);
      seen.addAll(part);
    }
    return parts;
  }

  /**
   * Whether the live nodes form one mesh: their true links connect them all and every live
   * node's view holds every live node.
   */
  public static boolean oneMesh(Simulator sim) {
    Truth t = Truth.of(sim);
    int live = t.twoWay.size();
    for (SimNode n : sim.nodes.values()) {
      if (n.alive && n.core.snapshot().mesh().size() != live) {
        return false;
      }
    }
    return t.components().size() == 1;
  }

  /** Whether every live node's view equals the true links of its own part (dead nodes gone). */
  public static boolean viewsAgree(Simulator sim) {
    Truth t = Truth.of(sim);
    List<Set<String>> parts = t.components();
    for (int k = 0; k < parts.size(); k++) {
      if (!partAgrees(sim, parts.get(k), t.expected(k), t.fingerprint(k))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether every node of {@code truth} (two-way links between live nodes, every neighbour also a
   * key) sees exactly the links of its own part of {@code truth}.
   */
  public static boolean viewsAgree(Simulator sim, Map<String, Set<String>> truth) {
    for (Set<String> part : components(truth)) {
      Map<String, Set<String>> expected = restricted(truth, part);
      if (!partAgrees(sim, part, expected, Part.fingerprint(expected))) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, Set<String>> restricted(Map<String, Set<String>> truth, Set<String> part) {
    Map<String, Set<String>> expected = new TreeMap<>();
    part.forEach(n -> expected.put(n, truth.get(n)));
    return expected;
  }

  /** Whether every node of {@code part} sees exactly {@code expected} (whose fingerprint is given). */
  private static boolean partAgrees(
      Simulator sim, Set<String> part, Map<String, Set<String>> expected, long fingerprint) {
    // Cheap first: a view whose fingerprint differs cannot be right (views are checked often).
    for (String n : part) {
      Map<String, Set<String>> view = sim.core(n).snapshot().mesh();
      if (view.size() != expected.size()
          || (view instanceof PartView pv && pv.fingerprint() != fingerprint)) {
        return false;
      }
    }
    // Each view against one already checked that numbers names by the same table (one per
    // partition of the simulation): row by row; the first of each table against the truth.
    List<Map<String, Set<String>>> checked = new ArrayList<>(2);
    for (String n : part) {
      Map<String, Set<String>> view = sim.core(n).snapshot().mesh();
      Map<String, Set<String>> same = null;
      for (Map<String, Set<String>> c : checked) {
        if (!(view instanceof PartView pv) || (c instanceof PartView cv && pv.sharesIdsWith(cv))) {
          same = c;
          break;
        }
      }
      if (same != null ? !view.equals(same) : !view.equals(expected)) {
        return false;
      }
      if (same == null) {
        checked.add(view);
      }
    }
    return true;
  }

  /**
   * The true topology of one moment and what the checks derive from it, kept by the simulation for
   * the next check (checks run every simulated millisecond; at 10,000 nodes building the truth
   * costs tens of milliseconds). It is built again as soon as any node's liveness or published
   * neighbour set changes: a node keeps the same set object while its neighbours stay the same,
   * so comparing the objects is exact. Used on the caller's thread, between simulator steps.
   */
  static final class Truth {
    /** Per node of the simulation, in name order: its neighbour set when alive, else null. */
    private final Object[] key;
    final Map<String, Set<String>> twoWay;
    private List<Set<String>> components;
    private List<Map<String, Set<String>>> expected;
    private long[] fingerprints;

    private Truth(Object[] key, Map<String, Set<String>> twoWay) {
      this.key = key;
      this.twoWay = twoWay;
    }

    static Truth of(Simulator sim) {
      Object[] key = new Object[sim.nodes.size()];
      int i = 0;
      for (SimNode sn : sim.nodes.values()) {
        key[i++] = sn.alive ? sn.core.snapshot().neighbors() : null;
      }
      Truth last = sim.lastTruth;
      if (last != null && sameObjects(last.key, key)) {
        return last;
      }
      Map<String, Set<String>> links = new TreeMap<>();
      i = 0;
      for (SimNode sn : sim.nodes.values()) {
        if (key[i] != null) {
          @SuppressWarnings("unchecked")
          Set<String> ns = (Set<String>) key[i];
          links.put(sn.config.name(), ns);
        }
        i++;
      }
      Truth t = new Truth(key, twoWay(links));
      sim.lastTruth = t;
      return t;
    }

    private static boolean sameObjects(Object[] a, Object[] b) {
      if (a.length != b.length) {
        return false;
      }
      for (int i = 0; i < a.length; i++) {
        if (a[i] != b[i]) {
          return false;
        }
      }
      return true;
    }

    List<Set<String>> components() {
      if (components == null) {
        components = MeshCheck.components(twoWay);
        expected = new ArrayList<>();
        fingerprints = new long[components.size()];
        for (Set<String> part : components) {
          Map<String, Set<String>> e = restricted(twoWay, part);
          fingerprints[expected.size()] = Part.fingerprint(e);
          expected.add(e);
        }
      }
      return components;
    }

    Map<String, Set<String>> expected(int part) {
      components();
      return expected.get(part);
    }

    long fingerprint(int part) {
      components();
      return fingerprints[part];
    }
  }

  /**
   * The largest number of links by which a live node exceeds its configured degree right now
   * (0 when none does; nodes with degree 0 never auto-connect and are left out).
   */
  public static int overDegree(Simulator sim) {
    int worst = 0;
    for (SimNode sn : sim.nodes.values()) {
      if (sn.alive && sn.core.snapshot().degree() > 0) {
        worst = Math.max(worst, sn.core.snapshot().neighbors().size() - sn.core.snapshot().degree());
      }
    }
    return worst;
  }
}
