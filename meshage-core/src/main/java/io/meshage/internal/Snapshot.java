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
  private volatile Set<String> reachable;

  /**
   * @param neighbors directly connected nodes
   * @param part the node's part of the topology, always holding the node itself
   * @param degree the current degree setting
   * @param msaPeriodNanos the current MSA refresh period
   */
  public Snapshot(Set<String> neighbors, Part part, int degree, long msaPeriodNanos) {
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

  /** The node's part as a map of two-way edges, always holding the node itself. */
  public Map<String, Set<String>> mesh() {
    return mesh;
  }

  /** Every other node with a route. */
  public Set<String> reachable() {
    Set<String> r = reachable;
    if (r == null) {
      r = Set.copyOf(part.routes().reachable());
      reachable = r;
    }
    return r;
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
