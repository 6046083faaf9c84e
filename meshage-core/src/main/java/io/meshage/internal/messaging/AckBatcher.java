package io.meshage.internal.messaging;

import io.meshage.Counter;
import io.meshage.internal.NodeContext;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.link.LinkTable;
import io.meshage.internal.routing.RouteManager;
import io.meshage.internal.transport.Transport;
import io.meshage.routing.RouteTable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The recipient's and the relay's side of end-to-end ACKs: verdicts gathered during one batch of
 * events go out as one ACK frame per (origin, recipient, status), routed hop by hop to the origin;
 * verdicts for this node's own messages go straight to the {@link AckTracker}. Owned by the loop.
 */
public final class AckBatcher {
  private static final Logger LOG = LogManager.getLogger(AckBatcher.class);

  private record Key(String origin, long originInstance, String node, byte status) {}

  /** ACK ids collected for one key during one batch of events. */
  private static final class Batch {
    final Key key;
    long[] ids = new long[8];
    int count;

    Batch(Key key) {
      this.key = key;
    }

    void add(long id) {
      if (count == ids.length) {
        ids = Arrays.copyOf(ids, count * 2);
      }
      ids[count++] = id;
    }
  }

  private final NodeContext node;
  private final AckTracker tracker;
  private final RouteManager routes;
  private final LinkTable links;
  private final Map<Key, Batch> batches = new LinkedHashMap<>();
  /** The batch of the previous verdict: the next one mostly goes to the same key. */
  private Batch lastBatch;
  private boolean flushScheduled;
  private final RetainedAcks retained;

  public AckBatcher(NodeContext node, AckTracker tracker, RouteManager routes, LinkTable links) {
    this.node = node;
    this.tracker = tracker;
    this.routes = routes;
    this.links = links;
    this.retained = new RetainedAcks(node.config().ackRetention().toNanos());
  }

  /** Queues the verdict {@code status} of {@code recipient} on message {@code id} of {@code origin}. */
  void queue(String origin, long originInstance, String recipient, byte status, long id) {
    if (origin.equals(node.self())) {
      if (originInstance == node.instance()) {
        tracker.received(recipient, status, id);
      }
      return;
    }
    Batch last = lastBatch;
    if (last != null && last.key.status == status && last.key.originInstance == originInstance
        && last.key.origin.equals(origin) && last.key.node.equals(recipient)) {
      last.add(id);
      return;
    }
    Key key = new Key(origin, originInstance, recipient, status);
    lastBatch = batches.computeIfAbsent(key, Batch::new);
    lastBatch.add(id);
    if (!flushScheduled) {
      flushScheduled = true;
      node.loop().execute(this::flush);
    }
  }

  private void flush() {
    flushScheduled = false;
    lastBatch = null;
    if (node.isClosed()) {
      batches.clear();
      return;
    }
    RouteTable r = routes.current();
    long now = node.loop().nanoTime();
    for (Batch b : batches.values()) {
      Key k = b.key;
      Frame.Ack a = new Frame.Ack(k.origin, k.originInstance, k.node, k.status, Arrays.copyOf(b.ids, b.count));
      route(r, a);
      retained.add(a, now);
    }
    batches.clear();
  }

  /**
   * The topology changed: every ACK this node sent within the retention goes out again on the
   * current route, since a relay on its old way may have died with it. Origins ignore verdicts
   * they already have, so a copy that was not needed costs one frame.
   */
  public void topologyChanged() {
    if (node.isClosed() || retained.isEmpty()) {
      return;
    }
    RouteTable r = routes.current();
    for (Frame.Ack a : retained.live(node.loop().nanoTime())) {
      if (r.isReachable(a.origin())) {
        node.stats().increment(Counter.ACKS_RESENT);
        route(r, a);
      }
    }
  }

  private void route(RouteTable r, Frame.Ack a) {
    Transport.Connection c = r.nextHop(a.origin()).map(links::connectionTo).orElse(null);
    if (c == null) {
      node.stats().increment(Counter.DATA_DROPPED);
      LOG.debug("[{}] no route to {} for {} ACKs", node.self(), a.origin(), a.ids().length);
      return;
    }
    node.stats().increment(Counter.ACKS_SENT);
    c.sendControl(a);
  }

  /** An ACK frame arrived: ours goes to the tracker, any other one on towards its origin. */
  public void arrived(Frame.Ack a) {
    if (a.origin().equals(node.self())) {
      if (a.originInstance() != node.instance()) {
        return;
      }
      node.stats().increment(Counter.ACKS_RECEIVED);
      for (long id : a.ids()) {
        tracker.received(a.node(), a.status(), id);
      }
      return;
    }
    route(routes.current(), a);
  }
}
