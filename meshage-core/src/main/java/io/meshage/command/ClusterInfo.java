package io.meshage.command;

import io.meshage.Subscription;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;


/**
 * Diarkis-style cluster information: this node's type, metadata values and status, the same of
 * every other node, and cluster-wide shared data. Everything travels in MSA metadata, so a change
 * on one node is seen by every reachable node after one MSA flood (milliseconds: metadata changes
 * trigger an MSA at once). Get it from {@code node.cluster()}; thread-safe; callbacks run off the
 * node's event loop.
 *
 * <p><b>Nodes.</b> {@link #nodesByType} lists this node and every reachable node of a type,
 * including OFFLINE and TAKEN ones (as Diarkis documents); {@link #randomNodeByType} picks only
 * among ONLINE ones. A node that never set its type has type {@value #DEFAULT_TYPE}.
 *
 * <p><b>Shared data</b> holds at most {@value #MAX_SHARED_KEYS} live keys of at most {@value
 * #MAX_SHARED_KEY_LENGTH} characters, each with a {@code short} value. Each node announces its own
 * writes; a node's view of a key is the greatest write it knows of. Conflict rule: every write and
 * every removal (a tombstone) carries a Lamport stamp (one more than the greatest stamp this node
 * has seen for any key) and the writer's name; the higher stamp wins, equal stamps are decided by
 * the greater writer name. So concurrent writes of one key from two nodes converge to the same
 * value everywhere once their MSAs have flooded. When the node holding the winning write leaves
 * the reachable mesh, every node re-announces that write itself, so shared data outlives its
 * writer.
 */
public interface ClusterInfo {
  /** The type of a node that never set one. */
  String DEFAULT_TYPE = "default";

  /** At most this many shared-data keys may hold values at once. */
  int MAX_SHARED_KEYS = 10;

  /** The longest shared-data key, in characters. */
  int MAX_SHARED_KEY_LENGTH = 54;

  /** How often {@link #markTakenIf(BooleanSupplier)} checks its condition, as in Diarkis. */
  Duration TAKEN_CHECK_INTERVAL = Duration.ofSeconds(2);

  // this node's own type, status and values: written by callers under "this", read by any thread

  // ---------------------------------------------------------------- this node

  /** This node's type. */
  String nodeType();

  /** Sets this node's type (announced at once). */
  void setNodeType(String nodeType);

  /** This node's status. */
  NodeStatus status();

  /** Sets this node's status (announced at once). */
  void setStatus(NodeStatus newStatus);

  /**
   * Makes this node TAKEN while {@code condition} returns true and ONLINE when it returns false,
   * asking it every {@code interval} off the event loop (Diarkis' {@code MarkServerAsTakenIf});
   * ignored while the node is OFFLINE. Replaces an earlier condition; close the result to stop.
   */
  Subscription markTakenIf(BooleanSupplier condition, Duration interval);

  /** {@link #markTakenIf(BooleanSupplier, Duration)} checked every {@link #TAKEN_CHECK_INTERVAL}. */
  Subscription markTakenIf(BooleanSupplier condition);

  /**
   * Sets (or with a null value removes) one metadata value of this node, announced at once. Values
   * are those {@link RequestData} allows and keep their Java type.
   *
   * @throws IllegalArgumentException for an empty name, a value RequestData cannot carry, or one
   *     too large for an MSA (4096 characters encoded)
   */
  void setNodeValue(String name, Object value);

  /**
   * Sets (or with null removes) this node's public endpoint, the address its clients use (Diarkis'
   * {@code SetEndPoint}), announced at once: {@code host:port}, at most 4096 bytes.
   *
   * @throws IllegalArgumentException when it is not {@code host:port}
   */
  void setEndpoint(String publicEndpoint);

  /** This node's public endpoint; null when it has none. */
  String endpoint();

  /** The {@code host:port} other nodes dial to reach this node (its mesh endpoint). */
  String meshEndpoint();

  // ---------------------------------------------------------------- other nodes

  /** The type of {@code node}; null when it is unknown here. */
  String nodeType(String node);

  /** The status of {@code node}; null when it is unknown here. */
  NodeStatus status(String node);

  /** The public endpoint of {@code node}; null when it has none or is unknown here. */
  String endpoint(String node);

  /** The mesh endpoint of {@code node} ({@code host:port}); null when it is unknown here. */
  String meshEndpoint(String node);

  /** The node (this one included) whose public endpoint is {@code publicEndpoint}. */
  Optional<String> nodeByEndpoint(String publicEndpoint);

  /** The node (this one included) whose mesh endpoint is {@code meshEndpoint}. */
  Optional<String> nodeByMeshEndpoint(String meshEndpoint);

  /**
   * Every reachable node with a public endpoint whose host differs from this node's (all of them
   * when this node has none): Diarkis' {@code GetNodesWithDifferentPublicAddr}; sorted.
   */
  Set<String> nodesWithDifferentPublicAddress();

  /** What this node knows of {@code node} (this one included); empty when it is unknown here. */
  Optional<Node> node(String node);

  /**
   * The mesh endpoints of this node and every reachable node, except the nodes named in {@code
   * ignore} (by name or by mesh endpoint): Diarkis' {@code GetNodeAddresses(ignoreList)}; sorted.
   */
  List<String> nodeAddresses(Collection<String> ignore);

  /** One metadata value of {@code node}; null when it or the node is unknown. */
  Object nodeValue(String node, String name);

  /** Every metadata value of {@code node} (empty when it is unknown). */
  Map<String, Object> nodeValues(String node);

  /** This node and every reachable node of {@code nodeType}, whatever their status; sorted. */
  Set<String> nodesByType(String nodeType);

  /** A random ONLINE node of {@code nodeType} (this node included); empty when there is none. */
  Optional<String> randomNodeByType(String nodeType);

  /**
   * A random ONLINE node of this node's type other than this node (Diarkis' {@code
   * GetSiblingNodeAddress}); empty when there is none.
   */
  Optional<String> siblingNode();

  /** Every node type among this node and the reachable nodes. */
  Set<String> nodeTypes();

  // ---------------------------------------------------------------- shared data

  /**
   * Sets shared-data {@code key} to {@code value} cluster-wide (see the class comment for the
   * conflict rule). Visible here at once, elsewhere after one MSA flood.
   *
   * @throws IllegalArgumentException for an empty key, a key longer than {@value
   *     #MAX_SHARED_KEY_LENGTH} characters, or a new key when {@value #MAX_SHARED_KEYS} are live
   */
  void setSharedData(String key, short value);

  /** Removes shared-data {@code key} cluster-wide; false when it held no value here. */
  boolean removeSharedData(String key);

  /** The value of shared-data {@code key} as this node sees it. */
  Optional<Short> sharedData(String key);

  /** Every live shared-data key and value as this node sees them. */
  Map<String, Short> sharedData();

  /** Calls {@code listener} with (key, value) whenever a shared value appears or changes here. */
  Subscription onSharedDataUpdate(BiConsumer<String, Short> listener);

  /** Calls {@code listener} with the key whenever a shared value is removed. */
  Subscription onSharedDataRemove(Consumer<String> listener);

  /**
   * Runs {@code listener} once when this node is part of a mesh: it reaches at least one other
   * node and holds the MSA (so the cluster information) of every node it reaches. Runs at once
   * (off the caller's thread) when that is already so. A node alone is never ready.
   */
  void onReady(Runnable listener);

  /** Whether this node is ready (see {@link #onReady}). */
  boolean isReady();

  // ---------------------------------------------------------------- updates and waits

  /**
   * Calls {@code listener} with the new record of another node whenever an MSA changes what this
   * class shows of it (type, status, values, endpoints), also when nothing else about the node
   * changed; not for its first MSA nor for shared data (see {@link #onSharedDataUpdate}).
   */
  Subscription onUpdate(Consumer<Node> listener);

  /**
   * Waits until every node reachable now has announced twice since the call (two rounds of MSAs:
   * after several nodes changed at once, all their changes are here), Diarkis' {@code
   * WaitForLatestNodeData}. Completes with true then (at once when no node is reachable), with
   * false after {@code timeout}; off the event loop. One round takes up to the MSA period.
   */
  CompletableFuture<Boolean> waitForLatestNodeDataAsync(Duration timeout);

  /**
   * Blocks for {@link #waitForLatestNodeDataAsync}; true when the data is the latest, false at
   * the timeout. Refused in the simulator (use the async form and run the simulation).
   */
  boolean waitForLatestNodeData(Duration timeout);

  // ---------------------------------------------------------------- replication
}
