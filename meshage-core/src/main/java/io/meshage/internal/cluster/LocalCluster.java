package io.meshage.internal.cluster;

import static io.meshage.internal.cluster.MetadataLimits.checkLength;

import io.meshage.Subscription;
import io.meshage.command.ClusterInfo;
import io.meshage.command.Node;
import io.meshage.command.NodeStatus;
import io.meshage.internal.node.NodeCore;
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

/** The one implementation of {@link ClusterInfo}: this node's announced state, shared data and replication, over {@link ClusterView} (every node's state); built by {@code NodeLayers}. */
public final class LocalCluster implements ClusterInfo {
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

  /** Built by the node factories (see {@code NodeLayers}). */
  public LocalCluster(NodeCore core, Executor callbacks) {
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

  @Override
  public String nodeType() {
    return type;
  }

  @Override
  public synchronized void setNodeType(String nodeType) {
    if (nodeType == null || nodeType.isEmpty()) {
      throw new IllegalArgumentException("node type must not be empty");
    }
    checkLength(TYPE_KEY, nodeType);
    type = nodeType;
    announce(TYPE_KEY, nodeType.equals(DEFAULT_TYPE) ? null : nodeType);
  }

  @Override
  public NodeStatus status() {
    return status;
  }

  @Override
  public synchronized void setStatus(NodeStatus newStatus) {
    Objects.requireNonNull(newStatus, "status");
    status = newStatus;
    announce(STATUS_KEY, code(newStatus));
  }

  private static String code(NodeStatus s) {
    return s == NodeStatus.ONLINE ? null : StatusCodes.code(s);
  }

  @Override
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

  @Override
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

  @Override
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

  @Override
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

  @Override
  public String endpoint() {
    return endpoint;
  }

  @Override
  public String meshEndpoint() {
    return core.meshEndpoint();
  }

  // ---------------------------------------------------------------- other nodes

  @Override
  public String nodeType(String node) {
    return view.nodeType(node);
  }

  @Override
  public NodeStatus status(String node) {
    return view.status(node);
  }

  @Override
  public String endpoint(String node) {
    return view.endpoint(node);
  }

  @Override
  public String meshEndpoint(String node) {
    return view.meshEndpoint(node);
  }

  @Override
  public Optional<String> nodeByEndpoint(String publicEndpoint) {
    return view.nodeByEndpoint(publicEndpoint);
  }

  @Override
  public Optional<String> nodeByMeshEndpoint(String meshEndpoint) {
    return view.nodeByMeshEndpoint(meshEndpoint);
  }

  @Override
  public Set<String> nodesWithDifferentPublicAddress() {
    return view.nodesWithDifferentPublicAddress();
  }

  @Override
  public Optional<Node> node(String node) {
    return view.node(node);
  }

  @Override
  public List<String> nodeAddresses(Collection<String> ignore) {
    return view.nodeAddresses(ignore);
  }

  @Override
  public Object nodeValue(String node, String name) {
    return view.nodeValue(node, name);
  }

  @Override
  public Map<String, Object> nodeValues(String node) {
    return view.nodeValues(node);
  }

  @Override
  public Set<String> nodesByType(String nodeType) {
    return view.nodesByType(nodeType);
  }

  @Override
  public Optional<String> randomNodeByType(String nodeType) {
    return view.randomNodeByType(nodeType);
  }

  @Override
  public Optional<String> siblingNode() {
    return view.siblingNode();
  }

  @Override
  public Set<String> nodeTypes() {
    return view.nodeTypes();
  }

  // ---------------------------------------------------------------- shared data

  @Override
  public void setSharedData(String key, short value) {
    fire(shared.set(key, value));
  }

  @Override
  public boolean removeSharedData(String key) {
    List<Runnable> events = shared.remove(key);
    if (events == null) {
      return false;
    }
    fire(events);
    return true;
  }

  @Override
  public Optional<Short> sharedData(String key) {
    return Optional.ofNullable(shared.get(key));
  }

  @Override
  public Map<String, Short> sharedData() {
    return shared.all();
  }

  @Override
  public Subscription onSharedDataUpdate(BiConsumer<String, Short> listener) {
    return shared.onUpdate(listener);
  }

  @Override
  public Subscription onSharedDataRemove(Consumer<String> listener) {
    return shared.onRemove(listener);
  }

  @Override
  public void onReady(Runnable listener) {
    events.onReady(listener);
  }

  @Override
  public boolean isReady() {
    return events.isReady();
  }

  // ---------------------------------------------------------------- updates and waits

  @Override
  public Subscription onUpdate(Consumer<Node> listener) {
    return events.onUpdate(listener);
  }

  @Override
  public CompletableFuture<Boolean> waitForLatestNodeDataAsync(Duration timeout) {
    return events.waitForLatestNodeData(view.members(false), timeout);
  }

  @Override
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
