package io.meshage.internal.cluster;

import io.meshage.Subscription;
import io.meshage.command.Node;
import io.meshage.internal.membership.MembershipTracker;
import io.meshage.internal.node.NodeCore;
import io.meshage.routing.Msa;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What {@link ClusterInfo} tells as events: readiness, updates of other nodes' information, and
 * the waits for the latest node data. Fed with new MSAs and topology changes; callbacks run on the
 * callback executor. Guarded by its own monitor.
 */
final class ClusterEvents {
  private final NodeCore core;
  private final Executor callbacks;
  private final Function<String, Optional<Node>> records;
  // the shown metadata of every other node's last MSA, to tell updates (loop and topology threads)
  private final Map<String, Map<String, String>> shownOf = new ConcurrentHashMap<>();
  private final List<Consumer<Node>> updateListeners = new CopyOnWriteArrayList<>();
  private boolean ready;
  private final List<Runnable> readyListeners = new ArrayList<>();
  private final List<NodeDataWait> waits = new ArrayList<>();

  /** {@code records} gives the record of a node as the cluster information shows it. */
  ClusterEvents(NodeCore core, Executor callbacks, Function<String, Optional<Node>> records) {
    this.core = core;
    this.callbacks = callbacks;
    this.records = records;
  }

  void onReady(Runnable listener) {
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

  synchronized boolean isReady() {
    return ready;
  }

  Subscription onUpdate(Consumer<Node> listener) {
    updateListeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> updateListeners.remove(listener);
  }

  /** See {@link ClusterInfo#waitForLatestNodeDataAsync}; {@code members}: the nodes to wait for. */
  CompletableFuture<Boolean> waitForLatestNodeData(Set<String> members, Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    NodeDataWait w = new NodeDataWait(members);
    synchronized (this) {
      if (w.reachableNow(members)) {
        w.done.complete(true);
      } else {
        waits.add(w);
      }
    }
    core.loop().execute(() -> core.loop().schedule(() -> {
      synchronized (this) {
        waits.remove(w);
      }
      w.done.complete(false);
    }, timeout.toNanos()));
    return w.done.thenApplyAsync(b -> b, callbacks);
  }

  /** Another node's new MSA: updates, waits and readiness; adds the callbacks to {@code events}. */
  void msaArrived(Msa msa, List<Runnable> events) {
    Map<String, String> shown = shownMetadata(msa.metadata());
    Map<String, String> before = shownOf.put(msa.origin(), shown);
    if (before != null && !before.equals(shown) && !updateListeners.isEmpty()) {
      Node record = records.apply(msa.origin()).orElse(null);
      if (record != null) {
        for (Consumer<Node> l : updateListeners) {
          events.add(() -> l.accept(record));
        }
      }
    }
    synchronized (this) {
      waits.removeIf(w -> w.announced(msa.origin()) && w.done.complete(true));
      checkReady(events);
    }
  }

  /** The metadata entries the cluster information shows of a node: all but shared data and the BYE mark. */
  private static Map<String, String> shownMetadata(Map<String, String> metadata) {
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (!e.getKey().startsWith(SharedData.PREFIX) && !e.getKey().equals(MembershipTracker.BYE_KEY)) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  /** A topology change: forgets nodes whose MSAs aged out, ends waits, checks readiness. */
  void topologyChanged(Set<String> reachable, Set<String> known, List<Runnable> events) {
    shownOf.keySet().retainAll(known);
    synchronized (this) {
      waits.removeIf(w -> w.reachableNow(reachable) && w.done.complete(true));
      checkReady(events);
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
}
