package io.meshage.internal;

import io.meshage.routing.Part;
import java.util.Map;
import java.util.Set;

/**
 * An immutable view of a node for readers outside the event loop, replaced as a whole by the loop.
 * The mesh and reachable views are derived from the node's part on first read, so publishing a
 * snapshot costs the same for a mesh of ten nodes or ten thousand.
 */
public final class Snapshot {
  private final Set<String> neighbors;
  private final Part part;
  private final Map<String, Set<String>> mesh;
  private final int degree;
  private final long msaPeriodNanos;
  private final Set<String> guests;
  private volatile Set<String> reachable;
  private volatile Map<String, Set<String>> members;

  /**
   * @param neighbors directly connected nodes
   * @param part the node's part of the topology, always holding the node itself
   * @param degree the current degree setting
   * @param msaPeriodNanos the current MSA refresh period
   */
  public Snapshot(Set<String> neighbors, Part part, int degree, long msaPeriodNanos) {
    this(neighbors, part, degree, msaPeriodNanos, Set.of());
  }

  /** A snapshot that leaves {@code guests} (guest nodes, see {@code MeshConfig.guest}) out of its views. */
  public Snapshot(Set<String> neighbors, Part part, int degree, long msaPeriodNanos, Set<String> guests) {
    this.guests = guests;
    this.neighbors = neighbors;
    this.part = part;
    this.mesh = new PartView(part);
    this.degree = degree;
    this.msaPeriodNanos = msaPeriodNanos;
  }

  /** Directly connected nodes. */
  public Set<String> neighbors() {
    return neighbors;
  }

  /** The node's part of the topology. */
  public Part part() {
    return part;
  }

  /** The node's part as a map of two-way edges, always holding the node itself; guests left out. */
  public Map<String, Set<String>> mesh() {
    if (guests.isEmpty()) {
      return mesh;
    }
    Map<String, Set<String>> m = members;
    if (m == null) {
      Map<String, Set<String>> out = new java.util.HashMap<>();
      for (Map.Entry<String, Set<String>> e : mesh.entrySet()) {
        if (!guests.contains(e.getKey())) {
          Set<String> n = new java.util.HashSet<>(e.getValue());
          n.removeAll(guests);
          out.put(e.getKey(), Set.copyOf(n));
        }
      }
      m = Map.copyOf(out);
      members = m;
    }
    return m;
  }

  /** Every other node with a route, guests left out. */
  public Set<String> reachable() {
    Set<String> r = reachable;
    if (r == null) {
      if (guests.isEmpty()) {
        r = Set.copyOf(part.routes().reachable());
      } else {
        Set<String> all = new java.util.HashSet<>(part.routes().reachable());
        all.removeAll(guests);
        r = Set.copyOf(all);
      }
      reachable = r;
    }
    return r;
  }

  /** The guest nodes known (see {@code MeshConfig.guest}): never listed, never broadcast to. */
  public Set<String> guests() {
    return guests;
  }

  /** The current degree setting. */
  public int degree() {
    return degree;
  }

  /** The current MSA refresh period. */
  public long msaPeriodNanos() {
    return msaPeriodNanos;
  }
}
