package io.meshage.command;

import static io.meshage.command.MetadataLimits.checkLength;

import io.meshage.internal.node.NodeCore;
import io.meshage.Subscription;
import io.meshage.routing.Msa;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
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
public final class ClusterInfo {
  /** The type of a node that never set one. */
  public static final String DEFAULT_TYPE = "default";

  /** At most this many shared-data keys may hold values at once. */
  public static final int MAX_SHARED_KEYS = 10;

  /** The longest shared-data key, in characters. */
  public static final int MAX_SHARED_KEY_LENGTH = 54;

  /** How often {@link #markTakenIf(BooleanSupplier)} checks its condition, as in Diarkis. */
  public static final Duration TAKEN_CHECK_INTERVAL = Duration.ofSeconds(2);

  static final String TYPE_KEY = "c.t";
  static final String STATUS_KEY = "c.s";
  static final String ENDPOINT_KEY = "c.e";
  static final String VALUE_PREFIX = "v.";

  private final NodeCore core;
  private final Executor callbacks;
  private final String self;

  // this node's own type, status and values: written by callers under "this", read by any thread
  private volatile String type = DEFAULT_TYPE;
  private volatile NodeStatus status = NodeStatus.ONLINE;
  private volatile String endpoint;
  private final Map<String, Object> values = new ConcurrentHashMap<>();
  private final AtomicReference<TakenCondition> takenCondition = new AtomicReference<>();

  private final ClusterView view;
  private final SharedData shared;
  private final ClusterEvents events;

  /**
   * Builds the cluster information of a node and starts listening to its MSAs and topology. For
   * {@code MeshNode} only: its parameter's type is not exported, so code outside this module
   * cannot call it; use {@code node.cluster()}.
   */
  public ClusterInfo(NodeCore core, Executor callbacks) {
    this.core = core;
    this.callbacks = callbacks;
    this.self = core.name();
    this.view = new ClusterView(core, this);
    this.shared = new SharedData(self, this::announce);
    this.events = new ClusterEvents(core, callbacks, view::node);
    // last: from here on the core may call in, on its own threads
    core.addMsaListener(this::msaArrived);
    core.addTopologyListener(mesh -> topologyChanged());
    for (Msa m : core.msas().values()) {
      if (!m.origin().equals(self)) {
        msaArrived(m);
      }
    }
  }

  // ---------------------------------------------------------------- this node

  /** This node's type. */
  public String nodeType() {
    return type;
  }

  /** Sets this node's type (announced at once). */
  public synchronized void setNodeType(String nodeType) {
    if (nodeType == null || nodeType.isEmpty()) {
      throw new IllegalArgumentException("node type must not be empty");
    }
    checkLength(TYPE_KEY, nodeType);
    type = nodeType;
    announce(TYPE_KEY, nodeType.equals(DEFAULT_TYPE) ? null : nodeType);
  }

  /** This node's status. */
  public NodeStatus status() {
    return status;
  }

  /** Sets this node's status (announced at once). */
  public synchronized void setStatus(NodeStatus newStatus) {
    Objects.requireNonNull(newStatus, "status");
    status = newStatus;
    announce(STATUS_KEY, code(newStatus));
  }

  private static String code(NodeStatus s) {
    return s == NodeStatus.ONLINE ? null : s.code();
  }

  /**
   * Makes this node TAKEN while {@code condition} returns true and ONLINE when it returns false,
   * asking it every {@code interval} off the event loop (Diarkis' {@code MarkServerAsTakenIf});
   * ignored while the node is OFFLINE. Replaces an earlier condition; close the result to stop.
   */
  public Subscription markTakenIf(BooleanSupplier condition, Duration interval) {
    Objects.requireNonNull(condition, "condition");
    if (interval == null || interval.toMillis() < 1) {
      throw new IllegalArgumentException("interval must be at least 1 ms, got " + interval);
    }
    TakenCondition t = new TakenCondition(this, core.loop(), callbacks, condition, interval.toNanos());
    TakenCondition before = takenCondition.getAndSet(t);
    if (before != null) {
      before.close();
    }
    t.start();
    return t;
  }

  /** {@link #markTakenIf(BooleanSupplier, Duration)} checked every {@link #TAKEN_CHECK_INTERVAL}. */
  public Subscription markTakenIf(BooleanSupplier condition) {
    return markTakenIf(condition, TAKEN_CHECK_INTERVAL);
  }

  /** Applies one answer of a taken condition, unless it was replaced or the node is OFFLINE. */
  synchronized void applyTaken(TakenCondition from, boolean taken) {
    if (from.isCancelled() || takenCondition.get() != from || status == NodeStatus.OFFLINE) {
      return;
    }
    NodeStatus wanted = taken ? NodeStatus.TAKEN : NodeStatus.ONLINE;
    if (wanted != status) {
      setStatus(wanted);
    }
  }

  /**
   * Sets (or with a null value removes) one metadata value of this node, announced at once. Values
   * are those {@link RequestData} allows and keep their Java type.
   *
   * @throws IllegalArgumentException for an empty name, a value RequestData cannot carry, or one
   *     too large for an MSA (4096 characters encoded)
   */
  public synchronized void setNodeValue(String name, Object value) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("value name must not be empty");
    }
    checkLength("name", VALUE_PREFIX + name);
    if (value == null) {
      values.remove(name);
      announce(VALUE_PREFIX + name, null);
      return;
    }
    String encoded = MetadataValues.encode(value);
    checkLength("value of " + name, encoded);
    values.put(name, MetadataValues.decode(encoded));
    announce(VALUE_PREFIX + name, encoded);
  }

  /**
   * Sets (or with null removes) this node's public endpoint, the address its clients use (Diarkis'
   * {@code SetEndPoint}), announced at once: {@code host:port}, at most 4096 bytes.
   *
   * @throws IllegalArgumentException when it is not {@code host:port}
   */
  public synchronized void setEndpoint(String publicEndpoint) {
    if (publicEndpoint != null) {
      Endpoints.check(publicEndpoint);
      checkLength("endpoint", publicEndpoint);
    }
    endpoint = publicEndpoint;
    announce(ENDPOINT_KEY, publicEndpoint);
  }

  /** This node's metadata values, a sorted copy. */
  Map<String, Object> nodeValues() {
    return Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** This node's public endpoint; null when it has none. */
  public String endpoint() {
    return endpoint;
  }

  /** The {@code host:port} other nodes dial to reach this node (its mesh endpoint). */
  public String meshEndpoint() {
    return core.meshEndpoint();
  }

  // ---------------------------------------------------------------- other nodes

  /** The type of {@code node}; null when it is unknown here. */
  public String nodeType(String node) {
    return view.nodeType(node);
  }

  /** The status of {@code node}; null when it is unknown here. */
  public NodeStatus status(String node) {
    return view.status(node);
  }

  /** The public endpoint of {@code node}; null when it has none or is unknown here. */
  public String endpoint(String node) {
    return view.endpoint(node);
  }

  /** The mesh endpoint of {@code node} ({@code host:port}); null when it is unknown here. */
  public String meshEndpoint(String node) {
    return view.meshEndpoint(node);
  }

  /** The node (this one included) whose public endpoint is {@code publicEndpoint}. */
  public Optional<String> nodeByEndpoint(String publicEndpoint) {
    return view.nodeByEndpoint(publicEndpoint);
  }

  /** The node (this one included) whose mesh endpoint is {@code meshEndpoint}. */
  public Optional<String> nodeByMeshEndpoint(String meshEndpoint) {
    return view.nodeByMeshEndpoint(meshEndpoint);
  }

  /**
   * Every reachable node with a public endpoint whose host differs from this node's (all of them
   * when this node has none): Diarkis' {@code GetNodesWithDifferentPublicAddr}; sorted.
   */
  public Set<String> nodesWithDifferentPublicAddress() {
    return view.nodesWithDifferentPublicAddress();
  }

  /** What this node knows of {@code node} (this one included); empty when it is unknown here. */
  public Optional<Node> node(String node) {
    return view.node(node);
  }

  /**
   * The mesh endpoints of this node and every reachable node, except the nodes named in {@code
   * ignore} (by name or by mesh endpoint): Diarkis' {@code GetNodeAddresses(ignoreList)}; sorted.
   */
  public List<String> nodeAddresses(Collection<String> ignore) {
    return view.nodeAddresses(ignore);
  }

  /** One metadata value of {@code node}; null when it or the node is unknown. */
  public Object nodeValue(String node, String name) {
    return view.nodeValue(node, name);
  }

  /** Every metadata value of {@code node} (empty when it is unknown). */
  public Map<String, Object> nodeValues(String node) {
    return view.nodeValues(node);
  }

  /** This node and every reachable node of {@code nodeType}, whatever their status; sorted. */
  public Set<String> nodesByType(String nodeType) {
    return view.nodesByType(nodeType);
  }

  /** A random ONLINE node of {@code nodeType} (this node included); empty when there is none. */
  public Optional<String> randomNodeByType(String nodeType) {
    return view.randomNodeByType(nodeType);
  }

  /**
   * A random ONLINE node of this node's type other than this node (Diarkis' {@code
   * GetSiblingNodeAddress}); empty when there is none.
   */
  public Optional<String> siblingNode() {
    return view.siblingNode();
  }

  /** Every node type among this node and the reachable nodes. */
  public Set<String> nodeTypes() {
    return view.nodeTypes();
  }

  // ---------------------------------------------------------------- shared data

  /**
   * Sets shared-data {@code key} to {@code value} cluster-wide (see the class comment for the
   * conflict rule). Visible here at once, elsewhere after one MSA flood.
   *
   * @throws IllegalArgumentException for an empty key, a key longer than {@value
   *     #MAX_SHARED_KEY_LENGTH} characters, or a new key when {@value #MAX_SHARED_KEYS} are live
   */
  public void setSharedData(String key, short value) {
    fire(shared.set(key, value));
  }

  /** Removes shared-data {@code key} cluster-wide; false when it held no value here. */
  public boolean removeSharedData(String key) {
    List<Runnable> events = shared.remove(key);
    if (events == null) {
      return false;
    }
    fire(events);
    return true;
  }

  /** The value of shared-data {@code key} as this node sees it. */
  public Optional<Short> sharedData(String key) {
    return Optional.ofNullable(shared.get(key));
  }

  /** Every live shared-data key and value as this node sees them. */
  public Map<String, Short> sharedData() {
    return shared.all();
  }

  /** Calls {@code listener} with (key, value) whenever a shared value appears or changes here. */
  public Subscription onSharedDataUpdate(BiConsumer<String, Short> listener) {
    return shared.onUpdate(listener);
  }

  /** Calls {@code listener} with the key whenever a shared value is removed. */
  public Subscription onSharedDataRemove(Consumer<String> listener) {
    return shared.onRemove(listener);
  }

  /**
   * Runs {@code listener} once when this node is part of a mesh: it reaches at least one other
   * node and holds the MSA (so the cluster information) of every node it reaches. Runs at once
   * (off the caller's thread) when that is already so. A node alone is never ready.
   */
  public void onReady(Runnable listener) {
    events.onReady(listener);
  }

  /** Whether this node is ready (see {@link #onReady}). */
  public boolean isReady() {
    return events.isReady();
  }

  // ---------------------------------------------------------------- updates and waits

  /**
   * Calls {@code listener} with the new record of another node whenever an MSA changes what this
   * class shows of it (type, status, values, endpoints), also when nothing else about the node
   * changed; not for its first MSA nor for shared data (see {@link #onSharedDataUpdate}).
   */
  public Subscription onUpdate(Consumer<Node> listener) {
    return events.onUpdate(listener);
  }

  /**
   * Waits until every node reachable now has announced twice since the call (two rounds of MSAs:
   * after several nodes changed at once, all their changes are here), Diarkis' {@code
   * WaitForLatestNodeData}. Completes with true then (at once when no node is reachable), with
   * false after {@code timeout}; off the event loop. One round takes up to the MSA period.
   */
  public CompletableFuture<Boolean> waitForLatestNodeDataAsync(Duration timeout) {
    return events.waitForLatestNodeData(view.members(false), timeout);
  }

  /**
   * Blocks for {@link #waitForLatestNodeDataAsync}; true when the data is the latest, false at
   * the timeout. Refused in the simulator (use the async form and run the simulation).
   */
  public boolean waitForLatestNodeData(Duration timeout) {
    if (core.loop().isVirtual()) {
      throw new IllegalStateException(
          "waitForLatestNodeData blocks; in the simulator use waitForLatestNodeDataAsync");
    }
    try {
      return waitForLatestNodeDataAsync(timeout).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  // ---------------------------------------------------------------- replication

  /** Called on the loop with every MSA of another node that is new. */
  private void msaArrived(Msa msa) {
    if (msa.origin().equals(self)) {
      return;
    }
    List<Runnable> fired = new ArrayList<>();
    shared.msaArrived(msa, fired);
    events.msaArrived(msa, fired);
    fire(fired);
  }

  /** On a topology change: shared data (see {@link SharedData#topologyChanged}), waits, readiness. */
  private void topologyChanged() {
    Set<String> reachable = core.snapshot().reachable();
    Set<String> known = core.msas().keySet();
    List<Runnable> fired = new ArrayList<>();
    shared.topologyChanged(reachable, known, fired);
    events.topologyChanged(reachable, known, fired);
    fire(fired);
  }

  private void fire(List<Runnable> fired) {
    for (Runnable r : fired) {
      callbacks.execute(r);
    }
  }

  /** Puts one metadata entry into this node's MSA (null removes it), in call order. */
  private void announce(String key, String value) {
    if (core.loop().inLoop()) {
      core.setMetadata(key, value);
    } else {
      core.loop().execute(() -> core.setMetadata(key, value));
    }
  }

  /** For tests: every shared write this node knows, by announcing node. */
  Map<String, Map<String, SharedEntry>> announcements() {
    return shared.announcements();
  }

  String self() {
    return self;
  }
}
