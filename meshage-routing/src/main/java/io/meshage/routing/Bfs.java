package io.meshage.routing;

import java.util.Arrays;

/** Breadth-first hop distances over a {@link Topology}'s adjacency arrays. */
final class Bfs {
  private Bfs() {}

  /** Hops from {@code root} to every node of {@code topology}, -1 where unreachable. */
  static int[] distances(Topology topology, int root) {
    int[] distance = new int[topology.capacity()];
    Arrays.fill(distance, -1);
    int[] queue = new int[distance.length];
    int head = 0;
    int tail = 0;
    distance[root] = 0;
    queue[tail++] = root;
    while (head < tail) {
      int u = queue[head++];
      for (int v : topology.adjacentTo(u)) {
        if (distance[v] < 0) {
          distance[v] = distance[u] + 1;
          queue[tail++] = v;
        }
      }
    }
    return distance;
  }

  /** Whether {@code to} is reachable from {@code from} without using the edge between them. */
  static boolean reachableWithoutEdge(Topology topology, int from, int to) {
    boolean[] seen = new boolean[topology.capacity()];
    int[] queue = new int[seen.length];
    int head = 0;
    int tail = 0;
    seen[from] = true;
    queue[tail++] = from;
    while (head < tail) {
      int u = queue[head++];
      for (int v : topology.adjacentTo(u)) {
        boolean direct = (u == from && v == to) || (u == to && v == from);
        if (!direct && !seen[v]) {
          if (v == to) {
            return true;
          }
          seen[v] = true;
          queue[tail++] = v;
        }
      }
    }
    return false;
  }
}
