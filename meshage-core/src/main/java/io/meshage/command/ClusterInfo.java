package io.meshage.command;

import static io.meshage.command.MetadataLimits.checkLength;
import static io.meshage.command.MetadataLimits.checkSharedKey;

import io.meshage.internal.NodeCore;
import io.meshage.internal.command.CommandAccess;
import io.meshage.Subscription;
import io.meshage.routing.Msa;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
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

  static final String TYPE_KEY = "c.t";
  static final String STATUS_KEY = "c.s";
  static final String VALUE_PREFIX = "v.";
  static final String SHARED_PREFIX = "d.";

  private final NodeCore core;
  private final Executor callbacks;
  private final String self;
  private final Random random;

  // this node's own type, status and values: written by callers under "this", read by any thread
  private volatile String type = DEFAULT_TYPE;
  private volatile NodeStatus status = NodeStatus.ONLINE;
  private final Map<String, Object> values = new ConcurrentHashMap<>();

  // shared data: guarded by "this"
  private long clock;
  private final Map<String, Map<String, SharedEntry>> announced = new HashMap<>();
  private final Map<String, SharedEntry> winners = new HashMap<>();
  private final Map<String, Short> live = new ConcurrentHashMap<>();
  private boolean ready;

  private final List<BiConsumer<String, Short>> updateListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> removeListeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> readyListeners = new CopyOnWriteArrayList<>();

  private ClusterInfo(NodeCore core, Executor callbacks) {
    this.core = core;
    this.callbacks = callbacks;
    this.self = core.name();
    this.random = new Random(core.instance());
  }

  static {
    CommandAccess.installCluster(ClusterInfo::attach);
  }

  /** Builds the cluster information of a node and starts listening to its MSAs and topology. */
  private static ClusterInfo attach(NodeCore core, Executor callbacks) {
    ClusterInfo c = new ClusterInfo(core, callbacks);
    core.addMsaListener(c::msaArrived);
    core.addTopologyListener(mesh -> c.topologyChanged());
    for (Msa m : core.msas().values()) {
      if (!m.origin().equals(c.self)) {
        c.msaArrived(m);
      }
    }
    return c;
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
    announce(STATUS_KEY, newStatus == NodeStatus.ONLINE ? null : newStatus.code());
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

  // ---------------------------------------------------------------- other nodes

  /** The type of {@code node}; null when it is unknown here. */
  public String nodeType(String node) {
    if (node.equals(self)) {
      return type;
    }
    Map<String, String> m = metadataOf(node);
    return m == null ? null : m.getOrDefault(TYPE_KEY, DEFAULT_TYPE);
  }

  /** The status of {@code node}; null when it is unknown here. */
  public NodeStatus status(String node) {
    if (node.equals(self)) {
      return status;
    }
    Map<String, String> m = metadataOf(node);
    return m == null ? null : NodeStatus.ofCode(m.get(STATUS_KEY));
  }

  /** One metadata value of {@code node}; null when it or the node is unknown. */
  public Object nodeValue(String node, String name) {
    return nodeValues(node).get(name);
  }

  /** Every metadata value of {@code node} (empty when it is unknown). */
  public Map<String, Object> nodeValues(String node) {
    if (node.equals(self)) {
      return Collections.unmodifiableMap(new TreeMap<>(values));
    }
    Map<String, String> m = metadataOf(node);
    if (m == null) {
      return Map.of();
    }
    Map<String, Object> out = new TreeMap<>();
    for (Map.Entry<String, String> e : m.entrySet()) {
      if (e.getKey().startsWith(VALUE_PREFIX)) {
        Object v = MetadataValues.decode(e.getValue());
        if (v != null) {
          out.put(e.getKey().substring(VALUE_PREFIX.length()), v);
        }
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** This node and every reachable node of {@code nodeType}, whatever their status; sorted. */
  public Set<String> nodesByType(String nodeType) {
    Set<String> out = new TreeSet<>();
    for (String n : members()) {
      if (nodeType.equals(nodeType(n))) {
        out.add(n);
      }
    }
    return Collections.unmodifiableSet(out);
  }

  /** A random ONLINE node of {@code nodeType} (this node included); empty when there is none. */
  public Optional<String> randomNodeByType(String nodeType) {
    List<String> online = new ArrayList<>();
    for (String n : nodesByType(nodeType)) {
      if (status(n) == NodeStatus.ONLINE) {
        online.add(n);
      }
    }
    return online.isEmpty() ? Optional.empty() : Optional.of(online.get(random.nextInt(online.size())));
  }

  /** Every node type among this node and the reachable nodes. */
  public Set<String> nodeTypes() {
    Set<String> out = new TreeSet<>();
    for (String n : members()) {
      String t = nodeType(n);
      if (t != null) {
        out.add(t);
      }
    }
    return out;
  }

  private Set<String> members() {
    Set<String> all = new HashSet<>(core.snapshot().reachable());
    all.add(self);
    return all;
  }

  private Map<String, String> metadataOf(String node) {
    Msa m = core.msas().get(node);
    return m == null ? null : m.metadata();
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
    checkSharedKey(key);
    List<Runnable> events;
    synchronized (this) {
      if (!live.containsKey(key) && live.size() >= MAX_SHARED_KEYS) {
        throw new IllegalArgumentException(
            "shared data already holds " + MAX_SHARED_KEYS + " keys " + new TreeSet<>(live.keySet())
                + "; remove one before adding " + key);
      }
      events = write(key, value);
    }
    fire(events);
  }

  /** Removes shared-data {@code key} cluster-wide; false when it held no value here. */
  public boolean removeSharedData(String key) {
    checkSharedKey(key);
    List<Runnable> events;
    synchronized (this) {
      if (!live.containsKey(key)) {
        return false;
      }
      events = write(key, null);
    }
    fire(events);
    return true;
  }

  /** The value of shared-data {@code key} as this node sees it. */
  public Optional<Short> sharedData(String key) {
    return Optional.ofNullable(live.get(key));
  }

  /** Every live shared-data key and value as this node sees them. */
  public Map<String, Short> sharedData() {
    return Collections.unmodifiableMap(new TreeMap<>(live));
  }

  /** Calls {@code listener} with (key, value) whenever a shared value appears or changes here. */
  public Subscription onSharedDataUpdate(BiConsumer<String, Short> listener) {
    updateListeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> updateListeners.remove(listener);
  }

  /** Calls {@code listener} with the key whenever a shared value is removed. */
  public Subscription onSharedDataRemove(Consumer<String> listener) {
    removeListeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> removeListeners.remove(listener);
  }

  /**
   * Runs {@code listener} once when this node is part of a mesh: it reaches at least one other
   * node and holds the MSA (so the cluster information) of every node it reaches. Runs at once
   * (off the caller's thread) when that is already so. A node alone is never ready.
   */
  public void onReady(Runnable listener) {
    Objects.requireNonNull(listener, "listener");
    boolean now;
    synchronized (this) {
      now = ready;
      if (!now) {
        readyListeners.add(listener);
      }
    }
    if (now) {
      callbacks.execute(listener);
    }
  }

  /** Whether this node is ready (see {@link #onReady}). */
  public synchronized boolean isReady() {
    return ready;
  }

  /** Records a write of this node and announces it; returns the callbacks to fire. */
  private List<Runnable> write(String key, Short value) {
    SharedEntry entry = new SharedEntry(++clock, self, value);
    announced.computeIfAbsent(self, k -> new HashMap<>()).put(key, entry);
    announce(SHARED_PREFIX + key, entry.encode());
    List<Runnable> events = new ArrayList<>();
    recompute(key, events);
    return events;
  }

  /** Called on the loop with every MSA of another node that is new. */
  private void msaArrived(Msa msa) {
    if (msa.origin().equals(self)) {
      return;
    }
    Map<String, SharedEntry> entries = new HashMap<>();
    for (Map.Entry<String, String> e : msa.metadata().entrySet()) {
      if (e.getKey().startsWith(SHARED_PREFIX)) {
        SharedEntry s = SharedEntry.decode(e.getValue());
        if (s != null) {
          entries.put(e.getKey().substring(SHARED_PREFIX.length()), s);
        }
      }
    }
    List<Runnable> events = new ArrayList<>();
    synchronized (this) {
      Map<String, SharedEntry> before = announced.getOrDefault(msa.origin(), Map.of());
      if (!before.equals(entries)) {
        Set<String> keys = new HashSet<>(before.keySet());
        keys.addAll(entries.keySet());
        announced.put(msa.origin(), entries);
        for (SharedEntry s : entries.values()) {
          clock = Math.max(clock, s.stamp());
        }
        for (String k : keys) {
          recompute(k, events);
        }
      }
      checkReady(events);
    }
    fire(events);
  }

  /**
   * On a topology change: re-announces winning writes whose holders all left the reachable mesh,
   * then forgets the announcements of nodes whose MSAs aged out.
   */
  private void topologyChanged() {
    Set<String> reachable = core.snapshot().reachable();
    Map<String, Msa> known = core.msas();
    List<Runnable> events = new ArrayList<>();
    synchronized (this) {
      for (Map.Entry<String, SharedEntry> w : new ArrayList<>(winners.entrySet())) {
        if (!heldBy(w.getKey(), w.getValue(), reachable)) {
          announced.computeIfAbsent(self, k -> new HashMap<>()).put(w.getKey(), w.getValue());
          announce(SHARED_PREFIX + w.getKey(), w.getValue().encode());
        }
      }
      for (String origin : new ArrayList<>(announced.keySet())) {
        if (!origin.equals(self) && !known.containsKey(origin)) {
          Map<String, SharedEntry> gone = announced.remove(origin);
          for (String k : gone.keySet()) {
            recompute(k, events);
          }
        }
      }
      checkReady(events);
    }
    fire(events);
  }

  private boolean heldBy(String key, SharedEntry entry, Set<String> reachable) {
    for (Map.Entry<String, Map<String, SharedEntry>> a : announced.entrySet()) {
      String origin = a.getKey();
      if ((origin.equals(self) || reachable.contains(origin)) && entry.equals(a.getValue().get(key))) {
        return true;
      }
    }
    return false;
  }

  /** Recomputes the winner of {@code key}; adds the callbacks its change calls for. */
  private void recompute(String key, List<Runnable> events) {
    SharedEntry best = null;
    for (Map<String, SharedEntry> entries : announced.values()) {
      SharedEntry s = entries.get(key);
      if (s != null && (best == null || s.compareTo(best) > 0)) {
        best = s;
      }
    }
    Short before = live.get(key);
    if (best == null) {
      winners.remove(key);
    } else {
      winners.put(key, best);
    }
    Short after = best == null ? null : best.value();
    if (Objects.equals(before, after)) {
      return;
    }
    if (after == null) {
      live.remove(key);
      for (Consumer<String> l : removeListeners) {
        events.add(() -> l.accept(key));
      }
    } else {
      live.put(key, after);
      for (BiConsumer<String, Short> l : updateListeners) {
        events.add(() -> l.accept(key, after));
      }
    }
  }

  private void checkReady(List<Runnable> events) {
    if (ready) {
      return;
    }
    Set<String> reachable = core.snapshot().reachable();
    if (reachable.isEmpty() || !core.msas().keySet().containsAll(reachable)) {
      return;
    }
    ready = true;
    events.addAll(readyListeners);
    readyListeners.clear();
  }

  private void fire(List<Runnable> events) {
    for (Runnable r : events) {
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
  synchronized Map<String, Map<String, SharedEntry>> announcements() {
    Map<String, Map<String, SharedEntry>> copy = new LinkedHashMap<>();
    announced.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
    return copy;
  }
}
