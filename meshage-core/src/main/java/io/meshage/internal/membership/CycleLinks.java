package io.meshage.internal.membership;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The links of an undirected topology that lie on a cycle (the non-bridges), found by one
 * depth-first search (Tarjan's low-link rule, iterative so that long chains cannot overflow the
 * stack). Removing such a link leaves its part connected.
 */
final class CycleLinks {
  private final Set<String> onCycle = new HashSet<>();
  private final java.util.NavigableSet<String> nodesOnCycle = new TreeSet<>();

  private CycleLinks() {}

  /** Analyses {@code graph}: node name to neighbour names, with every link listed at both ends. */
  static CycleLinks of(Map<String, Set<String>> graph) {
    CycleLinks c = new CycleLinks();
    Map<String, Integer> order = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    for (String root : graph.keySet()) {
      if (!order.containsKey(root)) {
        c.search(graph, root, order, low);
      }
    }
    return c;
  }

  private record Frame(String node, String parent, java.util.Iterator<String> next) {}

  private void search(
      Map<String, Set<String>> graph, String root, Map<String, Integer> order, Map<String, Integer> low) {
    ArrayDeque<Frame> stack = new ArrayDeque<>();
    order.put(root, order.size());
    low.put(root, order.get(root));
    stack.push(new Frame(root, null, graph.getOrDefault(root, Set.of()).iterator()));
    while (!stack.isEmpty()) {
      Frame f = stack.peek();
      if (f.next.hasNext()) {
        String y = f.next.next();
        if (y.equals(f.parent)) {
          continue;
        }
        Integer seen = order.get(y);
        if (seen != null) {
          low.put(f.node, Math.min(low.get(f.node), seen));
          if (seen < order.get(f.node)) {
            mark(f.node, y);
          }
        } else {
          order.put(y, order.size());
          low.put(y, order.get(y));
          stack.push(new Frame(y, f.node, graph.getOrDefault(y, Set.of()).iterator()));
        }
      } else {
        stack.pop();
        if (f.parent != null) {
          low.put(f.parent, Math.min(low.get(f.parent), low.get(f.node)));
          if (low.get(f.node) <= order.get(f.parent)) {
            mark(f.parent, f.node);
          }
        }
      }
    }
  }

  private void mark(String a, String b) {
    onCycle.add(key(a, b));
    nodesOnCycle.add(a);
    nodesOnCycle.add(b);
  }

  private static String key(String a, String b) {
    return a.compareTo(b) < 0 ? a + '\n' + b : b + '\n' + a;
  }

  /** Whether the link between {@code a} and {@code b} lies on a cycle. */
  boolean onCycle(String a, String b) {
    return onCycle.contains(key(a, b));
  }

  /** The nodes with at least one link on a cycle, in name order. */
  java.util.NavigableSet<String> nodesOnCycle() {
    return nodesOnCycle;
  }
}
