package io.meshage.command;

import java.util.Map;

/**
 * What this node knows of one node of the mesh (Diarkis' {@code mesh.Node}), as of one moment.
 *
 * @param name the node's name (its address for every call of this library)
 * @param meshEndpoint the {@code host:port} other nodes dial to reach it; null when not announced
 * @param type its node type ({@link ClusterInfo#DEFAULT_TYPE} when it never set one)
 * @param values its metadata values
 * @param status its status
 * @param endpoint its public endpoint for clients ({@link ClusterInfo#setEndpoint}); null when none
 * @param self whether it is this node
 */
public record Node(
    String name, String meshEndpoint, String type, Map<String, Object> values, NodeStatus status,
    String endpoint, boolean self) {
  public Node {
    values = Map.copyOf(values);
  }
}
