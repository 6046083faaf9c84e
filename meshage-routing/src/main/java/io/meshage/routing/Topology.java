package io.meshage.routing;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import java.util.ArrayDeque;
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
 * (A lists B and B lists A). Held as sorted name and adjacency arrays for fast routing; the
 * JGraphT view and the map views are built on first use.
 */
public final class Topology {
  private final String[] names;
  private final Map<String, Integer> index;
  private final int[][] listed;
  private final int[][] adjacent;
  private volatile Graph<String, DefaultEdge> graph;
  private volatile Map<String, Set<String>> adjacency;

  private Topology(String[] names, Map<String, Integer> index, int[][] listed, int[][] adjacent) {
    this.names = names;
    this.index = index;
    this.listed = listed;
    this.adjacent = adjacent;
  }

  private Topology(String[] names, int[][] adjacent) {
    this(names, indexOf(names), adjacent, adjacent);
  }

  /**
   * The topology of {@code announced} (origin to the neighbours it announces). Every origin is a
   * vertex; a listed neighbour that announced nothing itself adds no vertex and no edge.
   */
  public static Topology of(Map<String, ? extends Collection<String>> announced) {
    Objects.requireNonNull(announced, "announced");
    String[] names = announced.keySet().toArray(new String[0]);
    for (String name : names) {
      Objects.requireNonNull(name, "origin name");
    }
    Arrays.sort(names);
    Map<String, Integer> index = indexOf(names);
    int[][] listed = new int[names.length][];
    for (int i = 0; i < names.length; i++) {
      String name = names[i];
      Collection<String> neighbors = announced.get(name);
      Objects.requireNonNull(neighbors, () -> "neighbours of " + name);
      listed[i] = listedIndices(i, neighbors, index);
    }
    return new Topology(names, index, listed, keepTwoWay(listed));
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
    return ImmutableSortedSet.copyOf(names);
  }

  /** How many nodes there are. */
  public int size() {
    return names.length;
  }

  /** Whether {@code node} is in this topology. */
  public boolean contains(String node) {
    return index.containsKey(node);
  }

  /** The two-way neighbours of {@code node}, sorted; empty if the node is unknown. */
  public Set<String> neighborsOf(String node) {
    Integer i = index.get(node);
    return i == null ? ImmutableSortedSet.of() : namesAt(adjacent[i]);
  }

  /** Every node with its two-way neighbours, sorted by name. */
  public Map<String, Set<String>> adjacency() {
    Map<String, Set<String>> built = adjacency;
    if (built == null) {
      ImmutableSortedMap.Builder<String, Set<String>> builder = ImmutableSortedMap.naturalOrder();
      for (int i = 0; i < names.length; i++) {
        builder.put(names[i], namesAt(adjacent[i]));
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
    Integer ia = index.get(Objects.requireNonNull(a, "a"));
    Integer ib = index.get(Objects.requireNonNull(b, "b"));
    return ia != null && ib != null && !ia.equals(ib) && Bfs.reachableWithoutEdge(this, ia, ib);
  }

  /** The connected component holding {@code node}; just {@code node} if it is unknown. */
  public Topology componentOf(String node) {
    Objects.requireNonNull(node, "node");
    Integer start = index.get(node);
    if (start == null) {
      return new Topology(new String[] {node}, new int[][] {new int[0]});
    }
    int[] members = reachableFrom(start);
    return subTopology(members);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Topology that
        && Arrays.equals(names, that.names)
        && Arrays.deepEquals(adjacent, that.adjacent);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(names) + Arrays.deepHashCode(adjacent);
  }

  @Override
  public String toString() {
    return "Topology" + adjacency();
  }

  /**
   * This topology with the announcement of one existing {@code origin} replaced: only the rows of
   * the origin and of the nodes it listed before or lists now are recomputed; the rest is shared.
   */
  Topology withAnnouncement(String origin, Collection<String> neighbors) {
    Integer i = index.get(origin);
    if (i == null) {
      throw new IllegalArgumentException("unknown origin " + origin + ": rebuild the topology");
    }
    int[] row = listedIndices(i, neighbors, index);
    int[][] newListed = listed.clone();
    newListed[i] = row;
    int[][] newAdjacent = adjacent.clone();
    newAdjacent[i] = twoWayRow(i, newListed);
    for (int j : listed[i]) {
      newAdjacent[j] = twoWayRow(j, newListed);
    }
    for (int j : row) {
      newAdjacent[j] = twoWayRow(j, newListed);
    }
    return new Topology(names, index, newListed, newAdjacent);
  }

  int indexOf(String node) {
    Integer i = index.get(node);
    return i == null ? -1 : i;
  }

  String nameAt(int i) {
    return names[i];
  }

  int[] adjacentTo(int i) {
    return adjacent[i];
  }

  private static Map<String, Integer> indexOf(String[] names) {
    Map<String, Integer> index = new HashMap<>(names.length * 2);
    for (int i = 0; i < names.length; i++) {
      index.put(names[i], i);
    }
    return index;
  }

  private static int[] listedIndices(
      int self, Collection<String> neighbors, Map<String, Integer> index) {
    int[] out = new int[neighbors.size()];
    int n = 0;
    for (String neighbor : neighbors) {
      Integer j = index.get(Objects.requireNonNull(neighbor, "neighbour name"));
      if (j != null && j != self) {
        out[n++] = j;
      }
    }
    return sortedDistinct(out, n);
  }

  private static int[] sortedDistinct(int[] values, int length) {
    Arrays.sort(values, 0, length);
    int n = 0;
    for (int k = 0; k < length; k++) {
      if (n == 0 || values[n - 1] != values[k]) {
        values[n++] = values[k];
      }
    }
    return n == values.length ? values : Arrays.copyOf(values, n);
  }

  private static int[][] keepTwoWay(int[][] listed) {
    int[][] twoWay = new int[listed.length][];
    for (int i = 0; i < listed.length; i++) {
      twoWay[i] = twoWayRow(i, listed);
    }
    return twoWay;
  }

  /** The nodes {@code i} lists that list {@code i} back. */
  private static int[] twoWayRow(int i, int[][] listed) {
    int[] row = listed[i];
    int[] kept = new int[row.length];
    int n = 0;
    for (int j : row) {
      if (Arrays.binarySearch(listed[j], i) >= 0) {
        kept[n++] = j;
      }
    }
    return n == kept.length ? kept : Arrays.copyOf(kept, n);
  }

  private Set<String> namesAt(int[] indices) {
    String[] out = new String[indices.length];
    for (int k = 0; k < indices.length; k++) {
      out[k] = names[indices[k]];
    }
    return ImmutableSortedSet.copyOf(out);
  }

  private int[] reachableFrom(int start) {
    boolean[] seen = new boolean[names.length];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    seen[start] = true;
    queue.add(start);
    int count = 0;
    while (!queue.isEmpty()) {
      int u = queue.poll();
      count++;
      for (int v : adjacent[u]) {
        if (!seen[v]) {
          seen[v] = true;
          queue.add(v);
        }
      }
    }
    int[] members = new int[count];
    int n = 0;
    for (int i = 0; i < seen.length; i++) {
      if (seen[i]) {
        members[n++] = i;
      }
    }
    return members;
  }

  private Topology subTopology(int[] members) {
    int[] newIndex = new int[names.length];
    Arrays.fill(newIndex, -1);
    String[] subNames = new String[members.length];
    for (int k = 0; k < members.length; k++) {
      newIndex[members[k]] = k;
      subNames[k] = names[members[k]];
    }
    int[][] subAdjacent = new int[members.length][];
    for (int k = 0; k < members.length; k++) {
      int[] row = adjacent[members[k]];
      int[] mapped = new int[row.length];
      for (int e = 0; e < row.length; e++) {
        mapped[e] = newIndex[row[e]];
      }
      subAdjacent[k] = mapped;
    }
    return new Topology(subNames, subAdjacent);
  }

  private Graph<String, DefaultEdge> buildGraph() {
    Graph<String, DefaultEdge> g = new SimpleGraph<>(DefaultEdge.class);
    for (String name : names) {
      g.addVertex(name);
    }
    for (int i = 0; i < names.length; i++) {
      for (int j : adjacent[i]) {
        if (i < j) {
          g.addEdge(names[i], names[j]);
        }
      }
    }
    return g;
  }
}
