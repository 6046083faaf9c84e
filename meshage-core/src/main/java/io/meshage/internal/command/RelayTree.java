package io.meshage.internal.command;

import java.util.ArrayList;
import java.util.List;

/**
 * How a fan-out share is handed on: the share is cut into at most {@code limit} nearly equal
 * chunks; the first node of each chunk is the child that receives the message, the rest of the
 * chunk is what that child hands on in turn. A share of {@code n} nodes is covered in about
 * {@code log_limit(n)} steps.
 */
final class RelayTree {
  private RelayTree() {}

  /** One child and the nodes it relays to. */
  record Branch(String child, List<String> share) {}

  static List<Branch> split(List<String> share, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
    int n = share.size();
    int parts = Math.min(limit, n);
    List<Branch> branches = new ArrayList<>(parts);
    int from = 0;
    for (int i = 0; i < parts; i++) {
      int size = n / parts + (i < n % parts ? 1 : 0);
      List<String> chunk = share.subList(from, from + size);
      branches.add(new Branch(chunk.get(0), List.copyOf(chunk.subList(1, chunk.size()))));
      from += size;
    }
    return branches;
  }

  /** The number of relay steps needed to cover {@code n} nodes with {@code limit}. */
  static int depth(int n, int limit) {
    int depth = 0;
    int remaining = n;
    while (remaining > 0) {
      depth++;
      List<Branch> b = split(nodes(remaining), limit);
      remaining = b.get(0).share().size();
    }
    return depth;
  }

  private static List<String> nodes(int n) {
    List<String> l = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      l.add("n" + i);
    }
    return l;
  }
}
