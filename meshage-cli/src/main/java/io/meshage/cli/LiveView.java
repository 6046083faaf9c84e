package io.meshage.cli;

import io.meshage.MembershipEvent;
import io.meshage.MeshNode;
import io.meshage.command.ClusterInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON of the live page, as one node sees the mesh: {@code /api/mesh} (nodes with address,
 * instance, tags, status, neighbours; this node's counters; the links) and the membership events.
 * Instances of other nodes come from the membership events seen since the page started.
 */
final class LiveView {
  private final MeshNode node;
  private final Map<String, Long> instances = new ConcurrentHashMap<>();

  LiveView(MeshNode node) {
    this.node = node;
  }

  /** Remembers the instance an event carries; the event as one JSON object. */
  String event(MembershipEvent e, long epochMillis) {
    if (e.instance() != 0) {
      instances.put(e.node(), e.instance());
    }
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("time", epochMillis);
    o.put("event", EventHandlers.eventName(e.type()));
    o.put("node", e.node());
    o.put("address", e.address());
    o.put("instance", Long.toHexString(e.instance()));
    o.put("tags", new TreeMap<>(e.tags()));
    o.put("reason", e.reason());
    return Json.of(o);
  }

  /** {@code /api/mesh}. */
  String mesh(long epochMillis) {
    Map<String, Set<String>> mesh = new TreeMap<>(Targets::natural);
    mesh.putAll(node.mesh());
    ClusterInfo cluster = node.cluster();
    List<Object> nodes = new ArrayList<>();
    List<Object> links = new ArrayList<>();
    mesh.forEach((name, neighbours) -> {
      Set<String> sorted = new TreeSet<>(Targets::natural);
      sorted.addAll(neighbours);
      boolean self = name.equals(node.name());
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("name", name);
      n.put("self", self);
      n.put("address", cluster.meshEndpoint(name));
      Long instance = self ? Long.valueOf(node.instance()) : instances.get(name);
      n.put("instance", instance == null ? null : Long.toHexString(instance));
      n.put("status", cluster.status(name) == null ? "unknown" : cluster.status(name).name().toLowerCase(Locale.ROOT));
      n.put("type", cluster.nodeType(name));
      n.put("tags", new TreeMap<>(node.tagsOf(name)));
      n.put("neighbours", sorted);
      if (self) {
        n.put("counters", counters());
      }
      nodes.add(n);
      for (String other : sorted) {
        if (Targets.natural(name, other) < 0 && mesh.containsKey(other)) {
          links.add(List.of(name, other));
        }
      }
    });
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("self", node.name());
    o.put("namespace", node.namespace());
    o.put("time", epochMillis);
    o.put("size", mesh.size());
    o.put("nodes", nodes);
    o.put("links", links);
    return Json.of(o);
  }

  /** This node's non-zero counters, by lower-case name. */
  Map<String, Long> counters() {
    Map<String, Long> counters = new TreeMap<>();
    node.stats().snapshot().forEach((c, v) -> {
      if (v != 0) {
        counters.put(c.name().toLowerCase(Locale.ROOT), v);
      }
    });
    return counters;
  }

  int size() {
    return node.mesh().size();
  }
}
