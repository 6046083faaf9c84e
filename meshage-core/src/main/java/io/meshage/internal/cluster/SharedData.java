package io.meshage.internal.cluster;

import static io.meshage.internal.cluster.MetadataLimits.checkSharedKey;

import io.meshage.Subscription;
import io.meshage.command.ClusterInfo;
import io.meshage.routing.Msa;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The cluster-wide shared data of {@link ClusterInfo} (see its class comment for the conflict
 * rule): every write this node knows, by announcing node, the winner of each key, and the live
 * values. Guarded by its own monitor; callbacks are returned as events for the caller to fire off
 * the loop.
 */
final class SharedData {
  static final String PREFIX = "d.";

  private final String self;
  private final BiConsumer<String, String> announce;
  private long clock;
  private final Map<String, Map<String, SharedEntry>> announced = new HashMap<>();
  private final Map<String, SharedEntry> winners = new HashMap<>();
  private final Map<String, Short> live = new ConcurrentHashMap<>();
  private final List<BiConsumer<String, Short>> updateListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> removeListeners = new CopyOnWriteArrayList<>();

  /** {@code announce} puts one metadata entry (key, value or null) into this node's MSA. */
  SharedData(String self, BiConsumer<String, String> announce) {
    this.self = self;
    this.announce = announce;
  }

  List<Runnable> set(String key, short value) {
    checkSharedKey(key);
    synchronized (this) {
      if (!live.containsKey(key) && live.size() >= LocalCluster.MAX_SHARED_KEYS) {
        throw new IllegalArgumentException(
            "shared data already holds " + LocalCluster.MAX_SHARED_KEYS + " keys "
                + new TreeSet<>(live.keySet()) + "; remove one before adding " + key);
      }
      return write(key, value);
    }
  }

  /** The events of the removal; null when {@code key} held no value here. */
  List<Runnable> remove(String key) {
    checkSharedKey(key);
    synchronized (this) {
      return live.containsKey(key) ? write(key, null) : null;
    }
  }

  Short get(String key) {
    return live.get(key);
  }

  Map<String, Short> all() {
    return Collections.unmodifiableMap(new TreeMap<>(live));
  }

  Subscription onUpdate(BiConsumer<String, Short> listener) {
    updateListeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> updateListeners.remove(listener);
  }

  Subscription onRemove(Consumer<String> listener) {
    removeListeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> removeListeners.remove(listener);
  }

  /** Records a write of this node and announces it; returns the callbacks to fire. */
  private List<Runnable> write(String key, Short value) {
    SharedEntry entry = new SharedEntry(++clock, self, value);
    announced.computeIfAbsent(self, k -> new HashMap<>()).put(key, entry);
    announce.accept(PREFIX + key, entry.encode());
    List<Runnable> events = new ArrayList<>();
    recompute(key, events);
    return events;
  }

  /** The shared writes announced in another node's new MSA; adds the callbacks to fire. */
  void msaArrived(Msa msa, List<Runnable> events) {
    Map<String, SharedEntry> entries = new HashMap<>();
    for (Map.Entry<String, String> e : msa.metadata().entrySet()) {
      if (e.getKey().startsWith(PREFIX)) {
        SharedEntry s = SharedEntry.decode(e.getValue());
        if (s != null) {
          entries.put(e.getKey().substring(PREFIX.length()), s);
        }
      }
    }
    synchronized (this) {
      Map<String, SharedEntry> before = announced.getOrDefault(msa.origin(), Map.of());
      if (before.equals(entries)) {
        return;
      }
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
  }

  /**
   * Re-announces winning writes whose holders all left the reachable mesh, then forgets the
   * announcements of nodes whose MSAs aged out ({@code known}: the origins of the MSAs held).
   */
  synchronized void topologyChanged(Set<String> reachable, Set<String> known, List<Runnable> events) {
    for (Map.Entry<String, SharedEntry> w : new ArrayList<>(winners.entrySet())) {
      if (!heldBy(w.getKey(), w.getValue(), reachable)) {
        announced.computeIfAbsent(self, k -> new HashMap<>()).put(w.getKey(), w.getValue());
        announce.accept(PREFIX + w.getKey(), w.getValue().encode());
      }
    }
    for (String origin : new ArrayList<>(announced.keySet())) {
      if (!origin.equals(self) && !known.contains(origin)) {
        Map<String, SharedEntry> gone = announced.remove(origin);
        for (String k : gone.keySet()) {
          recompute(k, events);
        }
      }
    }
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

  /** For tests: every shared write this node knows, by announcing node. */
  synchronized Map<String, Map<String, SharedEntry>> announcements() {
    Map<String, Map<String, SharedEntry>> copy = new LinkedHashMap<>();
    announced.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
    return copy;
  }
}
