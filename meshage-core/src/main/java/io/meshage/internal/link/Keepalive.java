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
 * neighbour answers within about one interval, with ACKs or its own pings). Runs on the event
 * loop; the next check is timed to the earliest deadline.
 */
public final class Keepalive {
  private static final Logger LOG = LogManager.getLogger(Keepalive.class);
  private static final long MS = 1_000_000L;

  private final NodeContext node;
  private final LinkTable links;
  private long lastPingNanos = Long.MIN_VALUE / 2;

  public Keepalive(NodeContext node, LinkTable links) {
    this.node = node;
    this.links = links;
  }

  /** Schedules the first check. */
  public void start() {
    node.loop().schedule(this::check, node.config().keepaliveInterval().toNanos());
  }

  private void check() {
    if (node.isClosed()) {
      return;
    }
    long now = node.loop().nanoTime();
    long timeout = node.config().keepaliveTimeout().toNanos();
    long busyTimeout = node.config().busyLinkTimeout().toNanos();
    long interval = node.config().keepaliveInterval().toNanos();
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
      boolean busy = busyTimeout > 0 && l.lastSentTickNanos > l.lastHeardNanos;
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
      next = Math.min(next, l.lastHeardNanos + timeout);
      if (busyTimeout > 0 && l.lastSentTickNanos > l.lastHeardNanos) {
        next = Math.min(next, l.lastHeardNanos + busyTimeout);
      }
    }
    node.loop().schedule(this::check, Math.max(MS, next - now));
  }
}
