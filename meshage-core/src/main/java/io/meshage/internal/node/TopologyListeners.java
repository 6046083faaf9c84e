package io.meshage.internal.node;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The node's topology listeners (a change of the part) and link-loss listeners (frames may have
 * gone down with a link though the part stayed), run on the handler threads. Listeners are added
 * from any thread; the events come from the loop.
 */
final class TopologyListeners {
  private final Executor handlers;
  private final List<Consumer<Map<String, Set<String>>>> topology = new CopyOnWriteArrayList<>();
  private final List<Runnable> linkLoss = new CopyOnWriteArrayList<>();
  /** A link went down since the last recompute (loop only). */
  private boolean linkLost;

  TopologyListeners(Executor handlers) {
    this.handlers = handlers;
  }

  void add(Consumer<Map<String, Set<String>>> l) {
    topology.add(l);
  }

  void remove(Consumer<Map<String, Set<String>>> l) {
    topology.remove(l);
  }

  /**
   * Runs {@code l} whenever frames queued on a link may have gone down with it though the part
   * did not change (the topology listeners cover a change of the part): after the routes were
   * recomputed for a lost link, and when a link is replaced by a simultaneous dial. Calls waiting
   * for answers send their requests again then.
   */
  void addLinkLoss(Runnable l) {
    linkLoss.add(l);
  }

  /** A link went down (loop): the next recompute tells the link-loss listeners. */
  void linkLost() {
    linkLost = true;
  }

  /** A link was replaced by a simultaneous dial (loop). */
  void linkReplaced() {
    linkLoss.forEach(handlers::execute);
  }

  /** The routes were recomputed (loop); {@code mesh} gives the topology when a listener needs it. */
  void recomputed(boolean partChanged, Supplier<Map<String, Set<String>>> mesh) {
    if (linkLost && !partChanged) {
      linkLoss.forEach(handlers::execute);
    }
    linkLost = false;
    if (partChanged && !topology.isEmpty()) {
      Map<String, Set<String>> m = mesh.get();
      for (Consumer<Map<String, Set<String>>> l : topology) {
        handlers.execute(() -> l.accept(m));
      }
    }
  }
}
