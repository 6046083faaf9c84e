package io.meshage.internal;

import io.meshage.routing.Part;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * A node's part of the topology as the read-only map {@code MeshNode.mesh()} returns (node to
 * two-way neighbours, sorted). Size, lookups and comparisons work on the part's arrays; the full
 * sorted map is built only when someone iterates it, so a snapshot costs nothing per node of the
 * mesh until it is read.
 */
public final class PartView extends AbstractMap<String, Set<String>> {
  private final Part part;

  PartView(Part part) {
    this.part = part;
  }

  Part part() {
    return part;
  }

  /** The part's fingerprint ({@link Part#fingerprint()}): different values mean different views. */
  /** Whether {@code other} compares to this view cheaply: both number names by one table. */
  public boolean sharesIdsWith(PartView other) {
    return part.sharesIds(other.part);
  }

  public long fingerprint() {
    return part.fingerprint();
  }

  @Override
  public int size() {
    return part.size();
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof String s && part.contains(s);
  }

  @Override
  public Set<String> get(Object key) {
    return key instanceof String s ? part.neighborsOf(s) : null;
  }

  @Override
  public Set<Entry<String, Set<String>>> entrySet() {
    return part.adjacency().entrySet();
  }

  @Override
  public Set<String> keySet() {
    return part.adjacency().keySet();
  }

  @Override
  public boolean equals(Object o) {
    if (o == this) {
      return true;
    }
    if (o instanceof PartView other) {
      return part.sameNodesAndLinks(other.part);
    }
    return o instanceof Map<?, ?> m && part.matches(m);
  }

  @Override
  public int hashCode() {
    return part.adjacency().hashCode();
  }

  @Override
  public String toString() {
    return part.adjacency().toString();
  }
}
