package io.meshage.internal.routing;

import io.meshage.Counter;
import io.meshage.internal.NodeContext;
import io.meshage.internal.Published;
import io.meshage.routing.LinkStateDatabase;
import io.meshage.routing.Part;
import io.meshage.routing.RouteTable;
import java.util.Set;

/**
 * Keeps the route table in step with the link-state database: changes are gathered for a short
 * hold before a recomputation, a send recomputes at once when the database changed, and every new
 * table is published. Owned by the event loop.
 */
public final class RouteManager {
  private static final long HOLD_NANOS = 10_000_000L;
  private static final int MAX_HOLD_STEPS = 50;
  private static final int BURST = 4;

  /** What a recomputation tells the rest of the node (on the loop). */
  public interface Listener {
    /** These nodes had a route before and have none now. */
    void unreachable(Set<String> lost);

    /**
     * Routes were recomputed; {@code part} is the node's part of the topology, the same object
     * as before when {@code partChanged} is false.
     */
    void recomputed(Part part, boolean partChanged);
  }

  private final NodeContext node;
  private final LinkStateDatabase lsdb;
  private final Published published;
  private Listener listener;
  private RouteTable routes;
  private boolean dirty = true;
  private boolean recomputeScheduled;
  private Part lastPart;
  /** Quick recomputations earned, in nanoseconds of the slow hold (see {@link #holdNanos}). */
  private long credit;
  private long creditAt;
  private boolean credited;

  public RouteManager(NodeContext node, LinkStateDatabase lsdb, Published published) {
    this.node = node;
    this.lsdb = lsdb;
    this.published = published;
  }

  public void listener(Listener l) {
    this.listener = l;
  }

  /** The database changed: recompute after the hold (or sooner, at the next send). */
  public void markDirty() {
    dirty = true;
    if (!recomputeScheduled) {
      recomputeScheduled = true;
      node.loop().schedule(
          () -> {
            recomputeScheduled = false;
            current();
          },
          holdNanos());
    }
  }

  /** Whether the table reflects the database now. */
  public boolean isFresh() {
    return !dirty && routes != null;
  }

  /**
   * How long database changes are gathered before routes and the published view are recomputed.
   * A quiet node recomputes 10 ms after a change, for a burst of up to {@link #BURST}
   * recomputations. A node that keeps recomputing (a forming mesh of N nodes floods about N
   * changes per second to everyone, and one recomputation costs O(N)) waits 10 ms per 200 known
   * nodes, up to 500 ms, and earns one quick recomputation back per such wait. Sends never wait:
   * they recompute at once when the database changed.
   */
  private long holdNanos() {
    long slow = slowHoldNanos();
    return credit(slow) >= slow ? HOLD_NANOS : slow;
  }

  /** A recomputation spends one quick recomputation's credit. */
  private void spendCredit() {
    long slow = slowHoldNanos();
    credit = Math.max(0, credit(slow) - slow);
  }

  private long slowHoldNanos() {
    return Math.min(MAX_HOLD_STEPS, 1 + lsdb.size() / 200) * HOLD_NANOS;
  }

  /** The credit now: it grows with time, up to {@link #BURST} slow holds (a new node starts full). */
  private long credit(long slow) {
    long now = node.loop().nanoTime();
    credit = credited ? Math.min(BURST * slow, credit + Math.max(0, now - creditAt)) : BURST * slow;
    credited = true;
    creditAt = now;
    return credit;
  }

  /**
   * The route table as last computed, possibly a few milliseconds old: good enough for discovery
   * decisions, and cheap (every node hears every beacon; recomputing for each would cost O(N)).
   */
  public RouteTable recent() {
    return routes != null ? routes : current();
  }

  /**
   * The node's part of the topology as of the last recomputation; an unchanged part keeps its
   * object, so what is derived from it (cycle analysis, map view) stays cached.
   */
  public Part lastPart() {
    if (lastPart == null) {
      current();
    }
    return lastPart;
  }

  /** The current route table, recomputed first when the database changed. */
  public RouteTable current() {
    if (dirty || routes == null) {
      dirty = false;
      spendCredit();
      RouteTable before = routes;
      routes = RouteTable.compute(lsdb.topology(), node.self());
      published.routes(routes);
      if (before == null ? routes.reachableCount() > 0 : !routes.reachesSameAs(before)) {
        node.stats().increment(Counter.ROUTE_CHANGES);
        Set<String> lost = before == null ? Set.of() : routes.lostSince(before);
        if (!lost.isEmpty()) {
          listener.unreachable(lost);
        }
      }
      Part part = Part.of(routes);
      boolean changed = !part.sameAs(lastPart);
      if (changed) {
        lastPart = part;
      }
      listener.recomputed(lastPart, changed);
    }
    return routes;
  }
}
