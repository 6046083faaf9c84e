package io.meshage.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Shortest-path routes from one node over a {@link Topology}: hop distance and next hop per
 * destination, recipient splitting for multi-recipient sends, and broadcast trees. Ties between
 * equally short paths go to the lexically smallest next hop, so every run gives the same routes.
 * Immutable from outside; broadcast trees are cached lazily, so use one instance from one thread.
 */
public final class RouteTable {
  private static final int UNREACHABLE = -1;

  private final Topology topology;
  private final String self;
  private final int selfIndex;
  private final int[] distance;
  private final int[] nextHop;
  private final Map<Integer, List<String>> broadcastChildren = new HashMap<>();
  // Built on first use by any thread; an unmodifiable set, safely published by the volatile.
  private volatile Set<String> reachable;
  // Computed on first use; a race only computes the same number twice.
  private int reachableCount = -1;

  private RouteTable(Topology topology, String self) {
    this.topology = topology;
    this.self = self;
    this.selfIndex = topology.indexOf(self);
    this.distance = new int[topology.capacity()];
    this.nextHop = new int[topology.capacity()];
    if (selfIndex >= 0) {
      fillRoutes();
    } else {
      Arrays.fill(distance, UNREACHABLE);
      Arrays.fill(nextHop, UNREACHABLE);
    }
  }

  /** The routes from {@code self}; a {@code self} missing from the topology reaches nobody. */
  public static RouteTable compute(Topology topology, String self) {
    Objects.requireNonNull(topology, "topology");
    Objects.requireNonNull(self, "self");
    return new RouteTable(topology, self);
  }

  /** The node these routes start from. */
  public String self() {
    return self;
  }

  /** The topology these routes were computed over. */
  public Topology topology() {
    return topology;
  }

  /** The neighbour to send to for {@code destination}; empty if unreachable or self. */
  public Optional<String> nextHop(String destination) {
    int d = topology.indexOf(Objects.requireNonNull(destination, "destination"));
    if (d < 0 || nextHop[d] == UNREACHABLE) {
      return Optional.empty();
    }
    return Optional.of(topology.nameAt(nextHop[d]));
  }

  /** Whether {@code destination} can be reached; self always can. */
  public boolean isReachable(String destination) {
    return distance(destination) >= 0;
  }

  /** Hops to {@code destination}: 0 for self, -1 if unreachable or unknown. */
  public int distance(String destination) {
    Objects.requireNonNull(destination, "destination");
    if (destination.equals(self)) {
      return 0;
    }
    int d = topology.indexOf(destination);
    return d < 0 ? UNREACHABLE : distance[d];
  }

  /** Every reachable node except self, sorted. */
  public Set<String> reachable() {
    Set<String> r = reachable;
    if (r == null) {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < distance.length; i++) {
        if (distance[i] > 0) {
          out.add(topology.nameAt(i));
        }
      }
      Collections.sort(out);
      r = Collections.unmodifiableSet(new LinkedHashSet<>(out));
      reachable = r;
    }
    return r;
  }

  /** How many nodes other than self are reachable. */
  public int reachableCount() {
    if (reachableCount < 0) {
      int n = 0;
      for (int d : distance) {
        if (d > 0) {
          n++;
        }
      }
      reachableCount = n;
    }
    return reachableCount;
  }

  /**
   * The nodes {@code before} could reach that these routes cannot, sorted. Over one id space this
   * compares arrays; otherwise names.
   */
  public Set<String> lostSince(RouteTable before) {
    Objects.requireNonNull(before, "before");
    Set<String> lost = new java.util.TreeSet<>();
    if (before.topology.ids() == topology.ids()) {
      for (int i = 0; i < before.distance.length; i++) {
        if (before.distance[i] > 0 && (i >= distance.length || distance[i] <= 0)) {
          lost.add(topology.nameAt(i));
        }
      }
    } else {
      for (String n : before.reachable()) {
        if (distance(n) <= 0) {
          lost.add(n);
        }
      }
    }
    return lost;
  }

  /** Whether these routes reach exactly the nodes {@code before} reached. */
  public boolean reachesSameAs(RouteTable before) {
    Objects.requireNonNull(before, "before");
    if (reachableCount() != before.reachableCount()) {
      return false;
    }
    if (before.topology.ids() != topology.ids()) {
      return reachable().equals(before.reachable());
    }
    int n = Math.min(distance.length, before.distance.length);
    for (int i = 0; i < n; i++) {
      if ((distance[i] > 0) != (before.distance[i] > 0)) {
        return false;
      }
    }
    // Ids past the shorter table are reached by neither, since the counts agree.
    return true;
  }

  /**
   * Whether self's part (self, every reachable node and the links among them) is the same as in
   * {@code before}: compares shared rows by identity, so it costs about one pass over the ids.
   */
  public boolean samePartAs(RouteTable before) {
    Objects.requireNonNull(before, "before");
    if (!reachesSameAs(before) || !self.equals(before.self)) {
      return false;
    }
    if (before.topology.ids() != topology.ids()) {
      return topology.componentOf(self).equals(before.topology.componentOf(self));
    }
    for (int i = 0; i < distance.length; i++) {
      if (distance[i] >= 0) {
        int[] mine = topology.rowOf(i);
        int[] theirs = before.topology.rowOf(i);
        if (theirs == null && i == selfIndex) {
          // A part always holds self: unknown before is the same as alone.
          theirs = new int[0];
        }
        if (mine != theirs && (theirs == null || !Arrays.equals(mine, theirs))) {
          return false;
        }
      }
    }
    return true;
  }

  /** Hops from self by id (-1 unreachable), for analyses of self's part in this package. */
  int[] distances() {
    return distance;
  }

  /**
   * Recipients grouped by next hop (groups sorted by next hop, recipients in first-seen order),
   * the unknown or unreachable ones, and whether self is among them. Duplicates are collapsed.
   *
   * @param byNextHop next hop to the recipients to send through it
   * @param unreachable recipients with no route
   * @param includesSelf whether self was listed
   */
  /** The common case of one recipient, without the grouping machinery. */
  private Split splitOne(String recipient) {
    Objects.requireNonNull(recipient, "recipient");
    if (recipient.equals(self)) {
      return new Split(Map.of(), List.of(), true);
    }
    int d = topology.indexOf(recipient);
    if (d < 0 || nextHop[d] == UNREACHABLE) {
      return new Split(Map.of(), List.of(recipient), false);
    }
    return new Split(Map.of(topology.nameAt(nextHop[d]), List.of(recipient)), List.of(), false);
  }

  public record Split(
      Map<String, List<String>> byNextHop, List<String> unreachable, boolean includesSelf) {
    /** Takes immutable copies, keeping the order of the groups and recipients. */
    public Split {
      Objects.requireNonNull(byNextHop, "byNextHop");
      Objects.requireNonNull(unreachable, "unreachable");
      if (byNextHop.size() <= 1) {
        Map<String, List<String>> one = Map.of();
        for (Map.Entry<String, List<String>> e : byNextHop.entrySet()) {
          one = Map.of(e.getKey(), List.copyOf(e.getValue()));
        }
        byNextHop = one;
      } else {
        Map<String, List<String>> groups = new TreeMap<>();
        byNextHop.forEach((hop, recipients) -> groups.put(hop, List.copyOf(recipients)));
        byNextHop = Collections.unmodifiableMap(groups);
      }
      unreachable = List.copyOf(unreachable);
    }
  }

  /** Splits {@code recipients} by next hop; see {@link Split}. */
  public Split split(Collection<String> recipients) {
    Objects.requireNonNull(recipients, "recipients");
    if (recipients.size() == 1) {
      return splitOne(recipients.iterator().next());
    }
    Map<String, List<String>> groups = new TreeMap<>();
    List<String> unreachable = new ArrayList<>();
    boolean includesSelf = false;
    for (String recipient : new LinkedHashSet<>(recipients)) {
      Objects.requireNonNull(recipient, "recipient");
      if (recipient.equals(self)) {
        includesSelf = true;
        continue;
      }
      Optional<String> hop = nextHop(recipient);
      if (hop.isPresent()) {
        groups.computeIfAbsent(hop.get(), h -> new ArrayList<>()).add(recipient);
      } else {
        unreachable.add(recipient);
      }
    }
    return new Split(groups, unreachable, includesSelf);
  }

  /**
   * This node's children in the shortest-path tree rooted at {@code origin}, sorted. In that tree
   * the parent of a node is its lexically smallest neighbour one hop closer to {@code origin}, so
   * every node with the same topology agrees on it. Empty if {@code origin} is unknown or
   * unreachable.
   */
  public List<String> broadcastChildren(String origin) {
    int root = topology.indexOf(Objects.requireNonNull(origin, "origin"));
    if (root < 0 || selfIndex < 0 || distance[root] == UNREACHABLE) {
      return List.of();
    }
    return broadcastChildren.computeIfAbsent(root, this::childrenInTreeOf);
  }

  /**
   * Every node in the subtree below {@code child} of the shortest-path tree rooted at
   * {@code origin} (the same tree as {@link #broadcastChildren}), {@code child} included: the nodes
   * a broadcast relayed through {@code child} is meant to reach. Empty when either is unknown or
   * unreachable from {@code origin}.
   */
  public Set<String> broadcastSubtree(String origin, String child) {
    int root = topology.indexOf(Objects.requireNonNull(origin, "origin"));
    int top = topology.indexOf(Objects.requireNonNull(child, "child"));
    if (root < 0 || top < 0) {
      return Set.of();
    }
    int[] fromRoot = root == selfIndex ? distance : Bfs.distances(topology, root);
    if (fromRoot[top] < 0) {
      return Set.of();
    }
    Integer[] order = new Integer[fromRoot.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Integer.compare(fromRoot[x], fromRoot[y]));
    boolean[] inside = new boolean[fromRoot.length];
    Set<String> out = new LinkedHashSet<>();
    for (int v : order) {
      if (fromRoot[v] < fromRoot[top]) {
        continue;
      }
      int parent = fromRoot[v] > 0 ? parentOf(v, fromRoot) : UNREACHABLE;
      if (v == top || (parent != UNREACHABLE && inside[parent])) {
        inside[v] = true;
        out.add(topology.nameAt(v));
      }
    }
    return Collections.unmodifiableSet(out);
  }

  private List<String> childrenInTreeOf(int root) {
    int[] fromRoot = root == selfIndex ? distance : Bfs.distances(topology, root);
    List<String> children = new ArrayList<>();
    for (int v : topology.adjacentTo(selfIndex)) {
      if (fromRoot[v] == fromRoot[selfIndex] + 1 && parentOf(v, fromRoot) == selfIndex) {
        children.add(topology.nameAt(v));
      }
    }
    Collections.sort(children);
    return List.copyOf(children);
  }

  /** The lexically smallest neighbour of {@code v} one hop closer to the root. */
  private int parentOf(int v, int[] fromRoot) {
    int best = UNREACHABLE;
    for (int u : topology.adjacentTo(v)) {
      if (fromRoot[u] == fromRoot[v] - 1 && (best == UNREACHABLE || smaller(u, best))) {
        best = u;
      }
    }
    return best;
  }

  private boolean smaller(int a, int b) {
    return topology.nameAt(a).compareTo(topology.nameAt(b)) < 0;
  }

  /**
   * One breadth-first pass. Self's neighbours enter the queue in name order, so every level of the
   * queue is ordered by first hop, and the first path to reach a node comes through the smallest
   * first hop of all its shortest paths: no tie needs comparing.
   */
  private void fillRoutes() {
    Arrays.fill(distance, UNREACHABLE);
    Arrays.fill(nextHop, UNREACHABLE);
    int[] queue = new int[distance.length];
    int head = 0;
    int tail = 0;
    distance[selfIndex] = 0;
    for (int v : neighboursByName(selfIndex)) {
      distance[v] = 1;
      nextHop[v] = v;
      queue[tail++] = v;
    }
    while (head < tail) {
      int u = queue[head++];
      int hop = nextHop[u];
      int d = distance[u] + 1;
      for (int v : topology.adjacentTo(u)) {
        if (distance[v] == UNREACHABLE) {
          distance[v] = d;
          nextHop[v] = hop;
          queue[tail++] = v;
        }
      }
    }
  }

  /** The neighbours of {@code i} in name order (an insertion sort: rows are short). */
  private int[] neighboursByName(int i) {
    int[] sorted = topology.adjacentTo(i).clone();
    for (int k = 1; k < sorted.length; k++) {
      int v = sorted[k];
      String name = topology.nameAt(v);
      int j = k - 1;
      while (j >= 0 && topology.nameAt(sorted[j]).compareTo(name) > 0) {
        sorted[j + 1] = sorted[j];
        j--;
      }
      sorted[j + 1] = v;
    }
    return sorted;
  }
}
