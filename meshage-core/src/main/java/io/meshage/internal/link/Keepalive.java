package io.meshage.internal.link;

import io.meshage.Counter;
import io.meshage.internal.NodeContext;
import io.meshage.internal.codec.Frame;
import java.util.ArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Failure detection of silent links: pings every neighbour that heard nothing else from us during
 * the last keepalive interval, and drops a link as soon as it has been silent for the keepalive
 * timeout, or for the shorter busy-link timeout when this node has been sending on it (a healthy
 * neighbour answers within about one interval, with ACKs or its own pings).
 *
 * <p>With adaptive detection ({@link io.meshage.MeshConfig#adaptiveDetection()}, the floor) pings
 * go out every quarter of the floor and a link is dropped once its silence passes what its own
 * arrivals made normal ({@link ArrivalStats#threshold}), over a floor raised by this node's own
 * lateness: checks that run late show a loaded host, whose neighbours (often on the same kind of
 * host, or the same host) stall too, so the floor grows by the {@link WorstTail} of that lateness
 * (each second's worst counted up to the floor: a long pause is a pause). A check that runs
 * later than a quarter of the floor (this node's loop paused: a GC, a starved CPU) moreover
 * shifts every link's last arrival by the pause: a node that could not listen does not blame its
 * neighbours. A link past its threshold is first only suspected and checked again a millisecond
 * later, after the loop has read its links once more: frames that waited in a socket while the
 * loop was busy clear it. A link up for less than 8 s, or any link of a node up for less than
 * 8 s (its statistics still young, a process still starting), is judged by the fixed timers
 * meanwhile. Runs on the event loop; the next check is timed to the earliest deadline.
 */
public final class Keepalive {
  private static final Logger LOG = LogManager.getLogger(Keepalive.class);
  private static final long MS = 1_000_000L;

  private final NodeContext node;
  private final LinkTable links;
  private long lastPingNanos = Long.MIN_VALUE / 2;
  /** When the next check was due (loop time); Long.MIN_VALUE before the first. */
  private long dueNanos = Long.MIN_VALUE;
  /** The tail of this node's own lateness (how late its checks run), each second's worst up to the floor. */
  private final WorstTail lateness = new WorstTail();

  public Keepalive(NodeContext node, LinkTable links) {
    this.node = node;
    this.links = links;
  }

  /** Schedules the first check. */
  public void start() {
    long first = pingInterval();
    dueNanos = node.loop().nanoTime() + first;
    node.loop().schedule(this::check, first);
  }

  /** The keepalive interval, or a quarter of the adaptive floor when that is shorter. */
  private long pingInterval() {
    long interval = node.config().keepaliveInterval().toNanos();
    long floor = node.config().adaptiveDetection().toNanos();
    return floor > 0 ? Math.max(MS, Math.min(interval, floor / 4)) : interval;
  }

  /** A link heard again after a silence past 3/4 of its threshold: how close a false drop came. */
  static void nearMiss(Link l, long gap, long threshold) {
    LOG.debug("{} heard again after {} ms, {}% of its threshold {} ms", l, gap / MS, 100 * gap / threshold,
        threshold / MS);
  }

  /** The adaptive floor as this node's own lateness raised it: the floor plus the tail of that lateness. */
  long hostFloor(long floor) {
    return floor + lateness.tailNanos();
  }

  private void check() {
    if (node.isClosed()) {
      return;
    }
    long now = node.loop().nanoTime();
    long timeout = node.config().keepaliveTimeout().toNanos();
    long busyTimeout = node.config().busyLinkTimeout().toNanos();
    long interval = pingInterval();
    long floor = node.config().adaptiveDetection().toNanos();
    boolean adaptive = floor > 0;
    long late = dueNanos == Long.MIN_VALUE ? 0 : Math.max(0, now - dueNanos);
    if (adaptive) {
      lateness.add(late, floor, now);
    }
    if (adaptive && late > floor / 4) {
      // this node could not listen for `late`: nobody's silence grew meanwhile, as far as it knows
      node.stats().increment(Counter.LOCAL_STALLS);
      LOG.debug("[{}] keepalive check {} ms late: silences forgiven by that", node.self(), late / MS);
      for (Link l : links.established()) {
        l.lastHeardNanos = Math.min(now, l.lastHeardNanos + late);
      }
    }
    boolean ping = now - lastPingNanos >= interval - MS;
    if (ping) {
      lastPingNanos = now;
    }
    long next = lastPingNanos + interval;
    for (Link l : new ArrayList<>(links.established())) {
      if (now - l.lastHeardNanos >= timeout) {
        node.stats().increment(Counter.KEEPALIVE_TIMEOUTS);
        LOG.info("[{}] {} silent for {} ms", node.self(), l.peer, (now - l.lastHeardNanos) / MS);
        links.close(l, "keepalive timeout");
        continue;
      }
      // the adaptive detector judges settled links of a settled node; the fixed timers the rest
      boolean judged = adaptive && lateness.ready() && !l.arrivals.young();
      long threshold = judged ? l.arrivals.threshold(hostFloor(floor), timeout) : timeout;
      if (judged && now - l.lastHeardNanos >= threshold) {
        if (l.suspected) {
          node.stats().increment(Counter.ADAPTIVE_TIMEOUTS);
          String why = "threshold " + threshold / MS + " ms: gaps " + l.arrivals.meanNanos() / MS + " ms mean, "
              + l.arrivals.devNanos() / MS + " ms deviation, " + l.arrivals.peakNanos() / MS + " ms recent peak, "
              + l.arrivals.tailNanos() / MS + " ms tail; floor " + hostFloor(floor) / MS + " ms";
          LOG.info("[{}] {} silent for {} ms ({})", node.self(), l.peer, (now - l.lastHeardNanos) / MS, why);
          links.close(l, "silent for " + (now - l.lastHeardNanos) / MS + " ms (adaptive detection, " + why + ")");
          continue;
        }
        l.suspected = true; // dropped at the next check, a millisecond away, unless frames are read meanwhile
        next = Math.min(next, now + MS);
      } else {
        l.suspected = false;
        if (judged && 4 * (now - l.lastHeardNanos) >= 3 * threshold) {
          l.nearMissThreshold = threshold; // past 3/4 of it: logged at DEBUG if the link is heard again
        }
      }
      boolean busy = !judged && busyTimeout > 0 && l.lastSentTickNanos > l.lastHeardNanos;
      if (busy && now - l.lastHeardNanos >= busyTimeout) {
        node.stats().increment(Counter.BUSY_LINK_TIMEOUTS);
        LOG.info("[{}] {} silent for {} ms while we send to it", node.self(), l.peer, (now - l.lastHeardNanos) / MS);
        links.close(l, "silent while busy");
        continue;
      }
      if (ping) {
        long queued = l.connection.framesQueued();
        if (queued == l.framesAtLastTick) {
          l.connection.sendControl(new Frame.Ping(now));
          queued++;
        } else if (l.framesAtLastTick >= 0) {
          l.lastSentTickNanos = now;
        }
        l.framesAtLastTick = queued;
      }
      next = Math.min(next, l.lastHeardNanos + threshold);
      if (busy) {
        next = Math.min(next, l.lastHeardNanos + busyTimeout);
      }
    }
    long delay = Math.max(MS, next - now);
    dueNanos = now + delay;
    node.loop().schedule(this::check, delay);
  }
}
