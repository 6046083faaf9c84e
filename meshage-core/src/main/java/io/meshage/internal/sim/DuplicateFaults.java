package io.meshage.internal.sim;

import java.util.Map;
import java.util.TreeMap;

/**
 * The simulator's duplicated DATA frames: a probability per (sender, receiver), {@code "*"} for
 * any node. Set on the simulation's thread between runs; read by the senders' partitions.
 */
final class DuplicateFaults {
  static final String ANY = "*";
  private final Map<String, Double> byLink = new TreeMap<>();

  void set(String from, String to, double probability) {
    byLink.put(from + ">" + to, probability);
  }

  /**
   * Whether this DATA frame from {@code from} to {@code to} gets a duplicate; draws at most once,
   * from the random numbers of {@code part}, the sender's.
   */
  boolean draw(Partition part, String from, String to) {
    if (byLink.isEmpty()) {
      return false;
    }
    Double p = byLink.get(from + ">" + to);
    p = p != null ? p : byLink.get(from + ">" + ANY);
    p = p != null ? p : byLink.get(ANY + ">" + to);
    p = p != null ? p : byLink.get(ANY + ">" + ANY);
    if (p == null || p == 0 || part.random.nextDouble() >= p) {
      return false;
    }
    part.duplicated++;
    return true;
  }
}
