package io.meshage.internal.command;

import io.meshage.command.RequestData;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The argument checks of the command API: each throws IllegalArgumentException naming the argument. */
final class Arguments {
  private Arguments() {}

  static long checkTimeout(Duration timeout) {
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    return timeout.toNanos();
  }

  static void checkNode(String node) {
    if (node == null || node.isEmpty()) {
      throw new IllegalArgumentException("node name must not be empty");
    }
  }

  static void checkLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
  }

  /** The distinct node names of {@code nodes}, in order. */
  static List<String> checkNodes(Collection<String> nodes) {
    if (nodes == null) {
      throw new IllegalArgumentException("nodes must not be null");
    }
    Set<String> unique = new LinkedHashSet<>();
    for (String n : nodes) {
      checkNode(n);
      unique.add(n);
    }
    return List.copyOf(unique);
  }

  /** {@code data} encoded as {@link RequestData}. */
  static byte[] encodeData(Map<String, ?> data) {
    if (data == null) {
      throw new IllegalArgumentException("data must not be null (use Map.of())");
    }
    return RequestData.encode(data);
  }
}
