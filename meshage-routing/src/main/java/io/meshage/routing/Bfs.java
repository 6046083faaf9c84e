package io.meshage.routing;

import java.util.Arrays;

/** Breadth-first hop distances over a {@link Topology}'s adjacency arrays. */
final class Bfs {
  private Bfs() {}

  /** Hops from {@code root} to every node of {@code topology}, -1 where unreachable. */
  static int[] distances(Topology topology, int root) {
    int[] distance = new int[topology.size()];
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
}
