package io.meshage.routing;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One node's connected part of a topology, read through the node's {@link RouteTable}: who is in
 * it, which links lie on a cycle (removing one leaves the part connected), and a fingerprint for
 * cheap comparisons. Every analysis works on the topology's id arrays and is built once, on first
 * use, by whichever thread asks; the map view is built only when someone wants it.
 */
public final class Part {
  private final RouteTable routes;
  private final Topology topology;
  private final int self;
  private volatile Cycles cycles;
  private volatile Map<String, Set<String>> adjacency;
  private volatile long fingerprint;
  private volatile boolean fingerprinted;

  private Part(RouteTable routes) {
    this.routes = routes;
    this.topology = routes.topology();
    this.self = topology.indexOf(routes.self());
  }

  /** The part holding {@code routes}' own node. */
  public static Part of(RouteTable routes) {
    return new Part(Objects.requireNonNull(routes, "routes"));
  }

  /** The part of {@code self} in {@code topology}. */
  public static Part of(Topology topology, String self) {
    return of(RouteTable.compute(topology, self));
  }

  /** The routes this part was read from. */
  public RouteTable routes() {
    return routes;
  }

  /** How many nodes the part holds, its own node included. */
  public int size() {
    return routes.reachableCount() + 1;
  }

  /** Whether {@code node} is in the part. */
  public boolean contains(String node) {
    return routes.distance(node) >= 0;
  }

  /** The two-way neighbours of {@code node} in the part, sorted; null when it is not in the part. */
  public Set<String> neighborsOf(String node) {
    return contains(node) ? topology.neighborsOf(node) : null;
  }

  /** Whether {@code other} holds exactly the same nodes. */
  public boolean sameMembersAs(Part other) {
    return other != null && routes.self().equals(other.routes.self()) && routes.reachesSameAs(other.routes);
  }

  /** Whether {@code other} holds the same nodes joined by the same links. */
  public boolean sameAs(Part other) {
    return other != null && routes.samePartAs(other.routes);
  }

  /**
   * Whether {@code other} (another node's part, say) holds the same nodes joined by the same links,
   * whoever its own node is. Over one id space this compares rows; otherwise the map views.
   */
  /**
   * Whether {@code other} numbers names as this part does (one name table), so that {@link
   * #sameNodesAndLinks} compares them row by row rather than as maps.
   */
  public boolean sharesIds(Part other) {
    return other != null && topology.ids() == other.topology.ids();
  }

  public boolean sameNodesAndLinks(Part other) {
    if (other == this) {
      return true;
    }
    if (other == null || size() != other.size() || fingerprint() != other.fingerprint()) {
      return false;
    }
    if (self < 0 || other.self < 0 || topology.ids() != other.topology.ids()) {
      return adjacency().equals(other.adjacency());
    }
    int n = Math.max(topology.capacity(), other.topology.capacity());
    for (int i = 0; i < n; i++) {
      boolean mine = i < topology.capacity() && member(i);
      boolean theirs = i < other.topology.capacity() && other.member(i);
      if (mine != theirs) {
        return false;
      }
      if (mine && !Arrays.equals(topology.adjacentTo(i), other.topology.adjacentTo(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code view} (node to two-way neighbours) is exactly this part, checked without
   * building the map view: one lookup per node and link.
   */
  public boolean matches(Map<?, ?> view) {
    if (view.size() != size()) {
      return false;
    }
    if (self < 0) {
      return adjacency().equals(view);
    }
    for (Map.Entry<?, ?> e : view.entrySet()) {
      if (!(e.getKey() instanceof String name) || !(e.getValue() instanceof Set<?> neighbours)) {
        return false;
      }
      int i = topology.indexOf(name);
      if (i < 0 || !member(i)) {
        return false;
      }
      int[] row = topology.adjacentTo(i);
      if (row.length != neighbours.size()) {
        return false;
      }
      for (int j : row) {
        if (!neighbours.contains(topology.nameAt(j))) {
          return false;
        }
      }
    }
    return true;
  }

  /** Every node of the part with its two-way neighbours, sorted by name (built on first use). */
  public Map<String, Set<String>> adjacency() {
    Map<String, Set<String>> built = adjacency;
    if (built == null) {
      built = self < 0 ? Map.of(routes.self(), Set.of()) : topology.restrictedTo(members()).adjacency();
      adjacency = built;
    }
    return built;
  }

  /** Whether the link between {@code a} and {@code b} is in the part and lies on a cycle of it. */
  public boolean onCycle(String a, String b) {
    int ia = topology.indexOf(a);
    int ib = topology.indexOf(b);
    if (ia < 0 || ib < 0 || !member(ia) || Arrays.binarySearch(topology.adjacentTo(ia), ib) < 0) {
      return false;
    }
    return !cycles().isBridge(ia, ib);
  }

  /** The smallest name of a node with a link on a cycle of the part, or null when it is a tree. */
  public String smallestOnCycle() {
    return cycles().smallest;
  }

  /**
   * Whether {@code node} is in the part and one of its links certainly lies on a cycle, found by
   * a search of at most {@code budget} nodes around it: false means not found within the budget
   * (ask {@link #onCycle} to be sure). Cheap on a well-linked mesh, where cycles are short.
   */
  public boolean hasShortCycleLink(String node, int budget) {
    int v = topology.indexOf(node);
    if (v < 0 || !member(v)) {
      return false;
    }
    return hasCycleLinkWithin(v, budget);
  }

  private boolean hasCycleLinkWithin(int v, int budget) {
    Cycles c = cycles;
    for (int w : topology.adjacentTo(v)) {
      if (c != null ? !c.isBridge(v, w) : meetsWithout(v, w, budget)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A node of the part with a smaller name than {@code node} and a link certainly on a cycle,
   * found near {@code node}: a breadth-first walk of at most {@code budget} nodes, trying the
   * first {@value #WITNESS_TRIES} smaller names it meets with {@link #hasShortCycleLink}. Null
   * means none was found so (not that there is none). Proves cheaply that {@code node} is not the
   * {@link #smallestOnCycle}, which on a large part costs a pass over all of it.
   */
  public String smallerOnCycleNear(String node, int budget) {
    int v = topology.indexOf(node);
    if (v < 0 || !member(v)) {
      return null;
    }
    Cycles c = cycles;
    if (c != null) {
      return c.smallest != null && c.smallest.compareTo(node) < 0 ? c.smallest : null;
    }
    IntSet seen = new IntSet();
    seen.add(v);
    int[] queue = new int[Math.max(1, budget)];
    int head = 0;
    int tail = 0;
    queue[tail++] = v;
    int tries = 0;
    while (head < tail && tries < WITNESS_TRIES) {
      int u = queue[head++];
      if (u != v && topology.nameAt(u).compareTo(node) < 0) {
        tries++;
        if (hasCycleLinkWithin(u, budget)) {
          return topology.nameAt(u);
        }
      }
      for (int w : topology.adjacentTo(u)) {
        if (tail < queue.length && seen.add(w)) {
          queue[tail++] = w;
        }
      }
    }
    return null;
  }

  /** How many smaller names {@link #smallerOnCycleNear} tries before giving up. */
  private static final int WITNESS_TRIES = 4;

  /**
   * Whether {@code a} and {@code b} (linked) meet without their link within {@code budget}
   * visited nodes: a search from both ends, one level at a time on the smaller frontier.
   */
  private boolean meetsWithout(int a, int b, int budget) {
    IntSet seenA = new IntSet();
    IntSet seenB = new IntSet();
    seenA.add(a);
    seenB.add(b);
    int[] frontA = {a};
    int[] frontB = {b};
    int sizeA = 1;
    int sizeB = 1;
    while (sizeA > 0 && sizeB > 0 && seenA.size() + seenB.size() < budget) {
      boolean fromA = sizeA <= sizeB;
      int[] front = fromA ? frontA : frontB;
      int size = fromA ? sizeA : sizeB;
      IntSet mine = fromA ? seenA : seenB;
      IntSet theirs = fromA ? seenB : seenA;
      int[] next = new int[Math.max(4, size * 2)];
      int n = 0;
      for (int k = 0; k < size; k++) {
        int v = front[k];
        for (int w : topology.adjacentTo(v)) {
          if ((v == a && w == b) || (v == b && w == a)) {
            continue;
          }
          if (theirs.contains(w)) {
            return true;
          }
          if (mine.add(w)) {
            if (n == next.length) {
              next = Arrays.copyOf(next, n * 2);
            }
            next[n++] = w;
          }
        }
      }
      if (fromA) {
        frontA = next;
        sizeA = n;
      } else {
        frontB = next;
        sizeB = n;
      }
    }
    return false;
  }

  /**
   * A 64-bit digest of the part's names and links, equal to {@link #fingerprint(Map)} of
   * {@link #adjacency()}. Different fingerprints mean different parts; equal ones almost surely
   * mean equal parts (compare the maps to be sure).
   */
  public long fingerprint() {
    if (!fingerprinted) {
      long h = 0;
      for (int i = 0; i < topology.capacity(); i++) {
        if (member(i)) {
          long hi = hash(topology.nameAt(i));
          h += mix(hi);
          for (int j : topology.adjacentTo(i)) {
            h += edge(hi, hash(topology.nameAt(j)));
          }
        }
      }
      if (self < 0) {
        h = mix(hash(routes.self()));
      }
      fingerprint = h;
      fingerprinted = true;
    }
    return fingerprint;
  }

  /** The fingerprint of a view given as node to neighbours (links listed at both ends). */
  public static long fingerprint(Map<String, ? extends Set<String>> adjacency) {
    long h = 0;
    for (Map.Entry<String, ? extends Set<String>> e : adjacency.entrySet()) {
      long hi = hash(e.getKey());
      h += mix(hi);
      for (String n : e.getValue()) {
        h += edge(hi, hash(n));
      }
    }
    return h;
  }

  private boolean member(int i) {
    return routes.distances()[i] >= 0;
  }

  private boolean[] members() {
    int[] d = routes.distances();
    boolean[] in = new boolean[d.length];
    for (int i = 0; i < d.length; i++) {
      in[i] = d[i] >= 0;
    }
    return in;
  }

  private Cycles cycles() {
    Cycles c = cycles;
    if (c == null) {
      c = new Cycles();
      cycles = c;
    }
    return c;
  }

  private static long hash(String s) {
    long h = 1125899906842597L;
    for (int k = 0; k < s.length(); k++) {
      h = 31 * h + s.charAt(k);
    }
    return mix(h);
  }

  private static long edge(long a, long b) {
    return mix(Math.min(a, b) * 0x9E3779B97F4A7C15L + Math.max(a, b));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * The bridges of the part (links whose removal splits it), found by one iterative depth-first
   * search with Tarjan's low-link rule, so that long chains cannot overflow the stack.
   */
  private final class Cycles {
    // Bridges as sorted keys (smaller id << 32 | larger id).
    private final long[] bridges;
    private final String smallest;

    Cycles() {
      int cap = topology.capacity();
      if (self < 0) {
        bridges = new long[0];
        smallest = null;
        return;
      }
      int[] order = new int[cap];
      int[] low = new int[cap];
      int[] parent = new int[cap];
      int[] next = new int[cap];
      int[] stack = new int[cap];
      int[] bridgeEnds = new int[cap];
      Arrays.fill(order, -1);
      long[] found = new long[16];
      int nBridges = 0;
      int counter = 0;
      int top = 0;
      stack[top++] = self;
      order[self] = low[self] = counter++;
      parent[self] = -1;
      while (top > 0) {
        int v = stack[top - 1];
        int[] row = topology.adjacentTo(v);
        if (next[v] < row.length) {
          int w = row[next[v]++];
          if (w == parent[v]) {
            continue;
          }
          if (order[w] >= 0) {
            low[v] = Math.min(low[v], order[w]);
          } else {
            order[w] = low[w] = counter++;
            parent[w] = v;
            stack[top++] = w;
          }
        } else {
          top--;
          int p = parent[v];
          if (p >= 0) {
            low[p] = Math.min(low[p], low[v]);
            if (low[v] > order[p]) {
              if (nBridges == found.length) {
                found = Arrays.copyOf(found, nBridges * 2);
              }
              found[nBridges++] = key(p, v);
              bridgeEnds[p]++;
              bridgeEnds[v]++;
            }
          }
        }
      }
      bridges = Arrays.copyOf(found, nBridges);
      Arrays.sort(bridges);
      String best = null;
      for (int i = 0; i < cap; i++) {
        if (order[i] >= 0 && topology.adjacentTo(i).length > bridgeEnds[i]) {
          String name = topology.nameAt(i);
          if (best == null || name.compareTo(best) < 0) {
            best = name;
          }
        }
      }
      smallest = best;
    }

    boolean isBridge(int a, int b) {
      return Arrays.binarySearch(bridges, key(a, b)) >= 0;
    }

    private long key(int a, int b) {
      return ((long) Math.min(a, b) << 32) | Math.max(a, b);
    }
  }
}
