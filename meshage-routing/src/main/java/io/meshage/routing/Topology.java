package io.meshage.routing;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleGraph;

/**
 * An immutable mesh topology: every origin that announced itself, joined by the two-way links
 * (A lists B and B lists A). Held as arrays indexed by {@link NameIds} ids for fast routing; the
 * JGraphT view and the map views are built on first use. A database's successive topologies share
 * one id space and every unchanged row, so a new one costs the changed rows plus one array copy.
 */
public final class Topology {
  private static final int[] NONE = new int[0];

  private final NameIds ids;
  private final String[] names;
  private final int capacity;
  private final int count;
  // By id: the ids an origin lists, sorted; null for an id that announced nothing.
  private final int[][] listed;
  // By id: the two-way neighbours, sorted by id; empty for an id that announced nothing.
  private final int[][] adjacent;
  private volatile Graph<String, DefaultEdge> graph;
  private volatile Map<String, Set<String>> adjacency;

  private Topology(NameIds ids, int capacity, int count, int[][] listed, int[][] adjacent) {
    this.ids = ids;
    this.names = ids.names();
    this.capacity = capacity;
    this.count = count;
    this.listed = listed;
    this.adjacent = adjacent;
  }

  /** An empty topology over {@code ids}, to be grown with {@link #withAnnouncements}. */
  static Topology empty(NameIds ids) {
    return new Topology(ids, 0, 0, new int[0][], new int[0][]);
  }

  /**
   * The topology of {@code announced} (origin to the neighbours it announces). Every origin is a
   * vertex; a listed neighbour that announced nothing itself adds no vertex and no edge.
   */
  public static Topology of(Map<String, ? extends Collection<String>> announced) {
    Objects.requireNonNull(announced, "announced");
    String[] origins = announced.keySet().toArray(new String[0]);
    for (String name : origins) {
      Objects.requireNonNull(name, "origin name");
    }
    Arrays.sort(origins);
    NameIds ids = new NameIds();
    for (String name : origins) {
      ids.intern(name);
    }
    int[][] listed = new int[origins.length][];
    for (int i = 0; i < origins.length; i++) {
      String name = origins[i];
      Collection<String> neighbors = announced.get(name);
      Objects.requireNonNull(neighbors, () -> "neighbours of " + name);
      listed[i] = ids.row(i, neighbors);
    }
    int[][] adjacent = new int[origins.length][];
    for (int i = 0; i < origins.length; i++) {
      adjacent[i] = twoWayRow(i, listed);
    }
    return new Topology(ids, origins.length, origins.length, listed, adjacent);
  }

  /** The topology announced by {@code msas}, at most one per origin. */
  public static Topology fromMsas(Collection<Msa> msas) {
    Objects.requireNonNull(msas, "msas");
    Map<String, Set<String>> announced = new HashMap<>(msas.size() * 2);
    for (Msa msa : msas) {
      if (announced.put(msa.origin(), msa.neighbors()) != null) {
        throw new IllegalArgumentException("more than one MSA for origin " + msa.origin());
      }
    }
    return of(announced);
  }

  /**
   * This topology with the announcements of {@code changed} origins replaced (a null value removes
   * the origin). Only the rows of those origins and of the nodes they list before or after are
   * recomputed; every other row is shared. The id space must be this topology's (owner only).
   */
  Topology withAnnouncements(Map<String, ? extends Collection<String>> changed) {
    for (Map.Entry<String, ? extends Collection<String>> e : changed.entrySet()) {
      ids.intern(e.getKey());
      if (e.getValue() != null) {
        for (String n : e.getValue()) {
          ids.intern(n);
        }
      }
    }
    int cap = ids.size();
    int[][] newListed = Arrays.copyOf(listed, cap);
    int[][] newAdjacent = Arrays.copyOf(adjacent, cap);
    Arrays.fill(newAdjacent, capacity, cap, NONE);
    int newCount = count;
    int[] touched = new int[16];
    int t = 0;
    for (Map.Entry<String, ? extends Collection<String>> e : changed.entrySet()) {
      int i = ids.idOf(e.getKey());
      int[] before = newListed[i];
      int[] row = e.getValue() == null ? null : ids.row(i, e.getValue());
      newCount += (before == null ? 0 : -1) + (row == null ? 0 : 1);
      newListed[i] = row;
      int need = t + 1 + (before == null ? 0 : before.length) + (row == null ? 0 : row.length);
      if (need > touched.length) {
        touched = Arrays.copyOf(touched, Math.max(need, touched.length * 2));
      }
      touched[t++] = i;
      if (before != null) {
        System.arraycopy(before, 0, touched, t, before.length);
        t += before.length;
      }
      if (row != null) {
        System.arraycopy(row, 0, touched, t, row.length);
        t += row.length;
      }
    }
    for (int k = 0; k < t; k++) {
      newAdjacent[touched[k]] = twoWayRow(touched[k], newListed);
    }
    return new Topology(ids, cap, newCount, newListed, newAdjacent);
  }

  /** An unmodifiable undirected JGraphT view, built on first use. */
  public Graph<String, DefaultEdge> graph() {
    Graph<String, DefaultEdge> built = graph;
    if (built == null) {
      built = new AsUnmodifiableGraph<>(buildGraph());
      graph = built;
    }
    return built;
  }

  /** Every node, sorted. */
  public Set<String> nodes() {
    return adjacency().keySet();
  }

  /** How many nodes there are. */
  public int size() {
    return count;
  }

  /** Whether {@code node} is in this topology. */
  public boolean contains(String node) {
    return indexOf(node) >= 0;
  }

  /** The two-way neighbours of {@code node}, sorted; empty if the node is unknown. */
  public Set<String> neighborsOf(String node) {
    int i = indexOf(node);
    return i < 0 ? ImmutableSortedSet.of() : namesAt(adjacent[i]);
  }

  /** Every node with its two-way neighbours, sorted by name. */
  public Map<String, Set<String>> adjacency() {
    Map<String, Set<String>> built = adjacency;
    if (built == null) {
      ImmutableSortedMap.Builder<String, Set<String>> builder = ImmutableSortedMap.naturalOrder();
      for (int i = 0; i < capacity; i++) {
        if (listed[i] != null) {
          builder.put(names[i], namesAt(adjacent[i]));
        }
      }
      built = builder.build();
      adjacency = built;
    }
    return built;
  }

  /** The number of two-way links. */
  public int edgeCount() {
    long ends = 0;
    for (int[] row : adjacent) {
      ends += row.length;
    }
    return (int) (ends / 2);
  }

  /**
   * Whether {@code b} stays reachable from {@code a} when the direct edge between them is removed
   * (the edge lies on a cycle). False when either node is unknown or they are not connected.
   */
  public boolean connectedWithoutEdge(String a, String b) {
    int ia = indexOf(Objects.requireNonNull(a, "a"));
    int ib = indexOf(Objects.requireNonNull(b, "b"));
    return ia >= 0 && ib >= 0 && ia != ib && Bfs.reachableWithoutEdge(this, ia, ib);
  }

  /** The connected component holding {@code node}; just {@code node} if it is unknown. */
  public Topology componentOf(String node) {
    Objects.requireNonNull(node, "node");
    int start = indexOf(node);
    if (start < 0) {
      return of(Map.of(node, Set.of()));
    }
    int[] distance = Bfs.distances(this, start);
    boolean[] members = new boolean[capacity];
    for (int i = 0; i < capacity; i++) {
      members[i] = distance[i] >= 0;
    }
    return restrictedTo(members);
  }

  /**
   * This topology with only the {@code members} (by id) kept: the others announced nothing. The
   * id space is shared, so no name is copied.
   */
  Topology restrictedTo(boolean[] members) {
    int[][] subListed = new int[capacity][];
    int[][] subAdjacent = new int[capacity][];
    int kept = 0;
    for (int i = 0; i < capacity; i++) {
      if (members[i] && listed[i] != null) {
        subListed[i] = listed[i];
        kept++;
      }
    }
    for (int i = 0; i < capacity; i++) {
      subAdjacent[i] = subListed[i] == null ? NONE : adjacent[i];
    }
    return new Topology(ids, capacity, kept, subListed, subAdjacent);
  }

  /** Equal when the same names are joined by the same two-way links. */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof Topology that) || count != that.count) {
      return false;
    }
    if (ids == that.ids) {
      int cap = Math.max(capacity, that.capacity);
      for (int i = 0; i < cap; i++) {
        int[] mine = i < capacity && listed[i] != null ? adjacent[i] : null;
        int[] theirs = i < that.capacity && that.listed[i] != null ? that.adjacent[i] : null;
        if (mine != theirs && (mine == null || theirs == null || !Arrays.equals(mine, theirs))) {
          return false;
        }
      }
      return true;
    }
    return adjacency().equals(that.adjacency());
  }

  @Override
  public int hashCode() {
    return adjacency().hashCode();
  }

  @Override
  public String toString() {
    return "Topology" + adjacency();
  }

  /** The id of {@code node} if it announced itself in this topology, else -1. */
  int indexOf(String node) {
    int i = ids.idOf(node);
    return i >= 0 && i < capacity && listed[i] != null ? i : -1;
  }

  /** How many ids this topology spans (arrays over it are this long). */
  int capacity() {
    return capacity;
  }

  /** The id space this topology was built over. */
  NameIds ids() {
    return ids;
  }

  String nameAt(int i) {
    return names[i];
  }

  int[] adjacentTo(int i) {
    return adjacent[i];
  }

  /** Whether id {@code i} announced itself. */
  boolean present(int i) {
    return i < capacity && listed[i] != null;
  }

  /** The row of id {@code i} as shared between topologies (for cheap comparisons). */
  int[] rowOf(int i) {
    return i < capacity && listed[i] != null ? adjacent[i] : null;
  }

  /** The nodes {@code i} lists that announced themselves and list {@code i} back. */
  private static int[] twoWayRow(int i, int[][] listed) {
    int[] row = listed[i];
    if (row == null) {
      return NONE;
    }
    int[] kept = null;
    int n = 0;
    for (int k = 0; k < row.length; k++) {
      int j = row[k];
      boolean back = listed[j] != null && Arrays.binarySearch(listed[j], i) >= 0;
      if (!back && kept == null) {
        kept = Arrays.copyOf(row, row.length);
        n = k;
      } else if (back && kept != null) {
        kept[n++] = j;
      }
    }
    // Every listed node lists i back: the row is shared with the listing.
    return kept == null ? row : Arrays.copyOf(kept, n);
  }

  private Set<String> namesAt(int[] indices) {
    String[] out = new String[indices.length];
    for (int k = 0; k < indices.length; k++) {
      out[k] = names[indices[k]];
    }
    return ImmutableSortedSet.copyOf(out);
  }

  private Graph<String, DefaultEdge> buildGraph() {
    Graph<String, DefaultEdge> g = new SimpleGraph<>(DefaultEdge.class);
    for (String name : nodes()) {
      g.addVertex(name);
    }
    for (int i = 0; i < capacity; i++) {
      for (int j : adjacent[i]) {
        if (i < j) {
          g.addEdge(names[i], names[j]);
        }
      }
    }
    return g;
  }
}
