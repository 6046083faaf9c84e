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
 * neighbour answers within about one interval, with ACKs or its own pings). With adaptive
 * detection ({@link io.meshage.MeshConfig#adaptiveDetection()}) a link is dropped instead once its
 * silence passes what its own arrivals made normal ({@link Link#silenceThreshold}), pings go out
 * every third of the floor, and a late check (this node's loop paused) shifts every link's last
 * arrival by the pause, so that a node that could not listen does not blame its neighbours. Runs
 * on the event loop; the next check is timed to the earliest deadline.
 */
public final class Keepalive {
  private static final Logger LOG = LogManager.getLogger(Keepalive.class);
  private static final long MS = 1_000_000L;

  private final NodeContext node;
  private final LinkTable links;
  private long lastPingNanos = Long.MIN_VALUE / 2;
  /** When the next check was due (loop time); Long.MIN_VALUE before the first. */
  private long dueNanos = Long.MIN_VALUE;

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

  /** The keepalive interval, or a third of the adaptive floor when that is shorter. */
  private long pingInterval() {
    long interval = node.config().keepaliveInterval().toNanos();
    long floor = node.config().adaptiveDetection().toNanos();
    return floor > 0 ? Math.max(MS, Math.min(interval, floor / 3)) : interval;
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
    long late = dueNanos == Long.MIN_VALUE ? 0 : now - dueNanos;
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
      long threshold = adaptive ? l.silenceThreshold(floor, timeout) : timeout;
      if (adaptive && now - l.lastHeardNanos >= threshold) {
        node.stats().increment(Counter.ADAPTIVE_TIMEOUTS);
        LOG.info("[{}] {} silent for {} ms (its normal silence: {} ms, deviation {} ms)", node.self(), l.peer,
            (now - l.lastHeardNanos) / MS, l.gapMeanNanos / MS, l.gapDevNanos / MS);
        links.close(l, "silent for " + (now - l.lastHeardNanos) / MS + " ms (adaptive detection)");
        continue;
      }
      boolean busy = !adaptive && busyTimeout > 0 && l.lastSentTickNanos > l.lastHeardNanos;
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
      if (!adaptive && busyTimeout > 0 && l.lastSentTickNanos > l.lastHeardNanos) {
        next = Math.min(next, l.lastHeardNanos + busyTimeout);
      }
    }
    long delay = Math.max(MS, next - now);
    dueNanos = now + delay;
    node.loop().schedule(this::check, delay);
  }
}
