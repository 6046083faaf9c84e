package io.meshage.group;

import io.meshage.MeshException;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What became of one broadcast or announce: the other member nodes it was sent to and those it
 * could not reach, each with the reason. Reliable sends report every node that did not confirm
 * (unreachable, timed out, no group layer); unreliable sends report only the nodes that were not
 * reachable when the batch left. Members on this node are always reached.
 */
public final class GroupDelivery {
  private final Set<String> nodes;
  private final Map<String, MeshException> unreached;

  /** The outcome of a group message: sent to {@code nodes}, not to the {@code unreached}; as {@code Delivery}, a plain value. */
  public GroupDelivery(Set<String> nodes, Map<String, MeshException> unreached) {
    this.nodes = Collections.unmodifiableSet(new TreeSet<>(nodes));
    this.unreached = Collections.unmodifiableMap(new TreeMap<>(unreached));
  }

  /** The other member nodes the message was sent to, sorted. */
  public Set<String> nodes() {
    return nodes;
  }

  /** The member nodes it could not reach, and why. */
  public Map<String, MeshException> unreached() {
    return unreached;
  }

  /** The member nodes it reached (reliable) or was handed to (unreliable). */
  public Set<String> reached() {
    Set<String> r = new TreeSet<>(nodes);
    r.removeAll(unreached.keySet());
    return Collections.unmodifiableSet(r);
  }

  /** Whether no member node was missed. */
  public boolean isComplete() {
    return unreached.isEmpty();
  }

  @Override
  public String toString() {
    return "GroupDelivery[nodes=" + nodes + ", unreached=" + unreached.keySet() + "]";
  }
}
