package io.meshage.internal.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One caller of {@link ClusterInfo#waitForLatestNodeData}: completes with true once every node
 * reachable at the call has announced twice since (two rounds of updates, so that nodes updated
 * at the same moment are all seen), or at once when no node is reachable; with false at its
 * deadline. A node that leaves meanwhile is no longer waited for. Guarded by the ClusterInfo.
 */
final class NodeDataWait {
  static final int ROUNDS = 2;

  final CompletableFuture<Boolean> done = new CompletableFuture<>();
  private final Map<String, Integer> remaining = new HashMap<>();

  NodeDataWait(Set<String> reachable) {
    for (String n : reachable) {
      remaining.put(n, ROUNDS);
    }
  }

  /** Counts a new MSA of {@code origin}; true when the wait is over. */
  boolean announced(String origin) {
    remaining.computeIfPresent(origin, (k, left) -> left <= 1 ? null : left - 1);
    return remaining.isEmpty();
  }

  /** Stops waiting for nodes that left; true when the wait is over. */
  boolean reachableNow(Set<String> reachable) {
    remaining.keySet().retainAll(reachable);
    return remaining.isEmpty();
  }
}
