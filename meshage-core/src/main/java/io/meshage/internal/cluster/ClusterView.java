package io.meshage.internal.cluster;

import io.meshage.command.ClusterInfo;
import io.meshage.command.Node;
import io.meshage.command.NodeStatus;
import io.meshage.internal.node.NodeCore;
import io.meshage.routing.Msa;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The read side of {@link ClusterInfo} over every node: type, status, endpoints and values of any
 * node from its last MSA (this node's own from {@link ClusterInfo}), and the queries by type and
 * endpoint across the reachable nodes. Thread-safe: it reads only published state.
 */
final class ClusterView {
  private final NodeCore core;
  private final LocalCluster own;
  private final String self;
  private final Random random;

  ClusterView(NodeCore core, LocalCluster own) {
    this.core = core;
    this.own = own;
    this.self = core.name();
    this.random = new Random(core.instance());
  }

  /** The type of {@code node}; null when it is unknown here. */
  String nodeType(String node) {
    if (node.equals(self)) {
      return own.nodeType();
    }
    Map<String, String> m = metadataOf(node);
    return m == null ? null : m.getOrDefault(LocalCluster.TYPE_KEY, LocalCluster.DEFAULT_TYPE);
  }

  /** The status of {@code node}; null when it is unknown here. */
  NodeStatus status(String node) {
    if (node.equals(self)) {
      return own.status();
    }
    Map<String, String> m = metadataOf(node);
    return m == null ? null : StatusCodes.ofCode(m.get(LocalCluster.STATUS_KEY));
  }

  /** The public endpoint of {@code node}; null when it has none or is unknown here. */
  String endpoint(String node) {
    if (node.equals(self)) {
      return own.endpoint();
    }
    Map<String, String> m = metadataOf(node);
    return m == null ? null : m.get(LocalCluster.ENDPOINT_KEY);
  }

  /** The mesh endpoint of {@code node} ({@code host:port}); null when it is unknown here. */
  String meshEndpoint(String node) {
    if (node.equals(self)) {
      return own.meshEndpoint();
    }
    Map<String, String> m = metadataOf(node);
    return m == null ? null : m.get(NodeCore.MESH_ENDPOINT_KEY);
  }

  /** The node (this one included) whose public endpoint is {@code publicEndpoint}. */
  Optional<String> nodeByEndpoint(String publicEndpoint) {
    return members(true).stream().filter(n -> publicEndpoint.equals(endpoint(n))).sorted().findFirst();
  }

  /** The node (this one included) whose mesh endpoint is {@code meshEndpoint}. */
  Optional<String> nodeByMeshEndpoint(String meshEndpoint) {
    return members(true).stream().filter(n -> meshEndpoint.equals(meshEndpoint(n))).sorted().findFirst();
  }

  /**
   * Every reachable node with a public endpoint whose host differs from this node's (all of them
   * when this node has none): Diarkis' {@code GetNodesWithDifferentPublicAddr}; sorted.
   */
  Set<String> nodesWithDifferentPublicAddress() {
    return Endpoints.differentHosts(own.endpoint(), members(false), this::endpoint);
  }

  /** What this node knows of {@code node} (this one included); empty when it is unknown here. */
  Optional<Node> node(String node) {
    boolean me = node.equals(self);
    if (!me && metadataOf(node) == null) {
      return Optional.empty();
    }
    return Optional.of(new Node(node, meshEndpoint(node), nodeType(node), nodeValues(node),
        status(node), endpoint(node), me));
  }

  /**
   * The mesh endpoints of this node and every reachable node, except the nodes named in {@code
   * ignore} (by name or by mesh endpoint): Diarkis' {@code GetNodeAddresses(ignoreList)}; sorted.
   */
  List<String> nodeAddresses(Collection<String> ignore) {
    return Endpoints.except(members(true), this::meshEndpoint, ignore);
  }

  /** One metadata value of {@code node}; null when it or the node is unknown. */
  Object nodeValue(String node, String name) {
    return nodeValues(node).get(name);
  }

  /** Every metadata value of {@code node} (empty when it is unknown). */
  Map<String, Object> nodeValues(String node) {
    if (node.equals(self)) {
      return own.nodeValues();
    }
    Map<String, String> m = metadataOf(node);
    return m == null ? Map.of() : MetadataValues.valuesOf(m, LocalCluster.VALUE_PREFIX);
  }

  /** This node and every reachable node of {@code nodeType}, whatever their status; sorted. */
  Set<String> nodesByType(String nodeType) {
    Set<String> out = new TreeSet<>();
    for (String n : members(true)) {
      if (nodeType.equals(nodeType(n))) {
        out.add(n);
      }
    }
    return Collections.unmodifiableSet(out);
  }

  /** A random ONLINE node of {@code nodeType} (this node included); empty when there is none. */
  Optional<String> randomNodeByType(String nodeType) {
    return randomOnline(nodesByType(nodeType));
  }

  /**
   * A random ONLINE node of this node's type other than this node (Diarkis' {@code
   * GetSiblingNodeAddress}); empty when there is none.
   */
  Optional<String> siblingNode() {
    Set<String> same = new TreeSet<>(nodesByType(own.nodeType()));
    same.remove(self);
    return randomOnline(same);
  }

  private Optional<String> randomOnline(Set<String> nodes) {
    List<String> online = new ArrayList<>();
    for (String n : nodes) {
      if (status(n) == NodeStatus.ONLINE) {
        online.add(n);
      }
    }
    return online.isEmpty() ? Optional.empty() : Optional.of(online.get(random.nextInt(online.size())));
  }

  /** Every node type among this node and the reachable nodes. */
  Set<String> nodeTypes() {
    Set<String> out = new TreeSet<>();
    for (String n : members(true)) {
      String t = nodeType(n);
      if (t != null) {
        out.add(t);
      }
    }
    return out;
  }

  /** The reachable nodes (guests are not: see {@code MeshConfig.guest}), and this node when {@code withSelf}. */
  Set<String> members(boolean withSelf) {
    Set<String> all = new HashSet<>(core.snapshot().reachable());
    if (withSelf) {
      all.add(self);
    }
    return all;
  }

  private Map<String, String> metadataOf(String node) {
    Msa m = core.msas().get(node);
    return m == null ? null : m.metadata();
  }
}
