package io.meshage.internal.messaging;

import io.meshage.Counter;
import io.meshage.Failure;
import io.meshage.internal.NodeContext;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.routing.RouteManager;
import io.meshage.routing.RouteTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The relay's and recipient's side of set and broadcast: a DATA frame from a neighbour is
 * delivered here if this node is listed (once per id), the rest is split again by next hop, and a
 * broadcast goes on down its origin's shortest-path tree; recipients that cannot be reached get an
 * UNREACHABLE ACK. Runs on the event loop.
 */
public final class Relay {
  private static final Logger LOG = LogManager.getLogger(Relay.class);
  /** Longest path a message may travel; a longer one is dropped (routes disagreeing in a loop). */
  static final int MAX_HOPS = 64;

  private final NodeContext node;
  private final NextHops hops;
  private final RouteManager routes;
  private final AckBatcher acks;
  private final LocalDelivery delivery;
  private final Dedup dedup = new Dedup();

  public Relay(NodeContext node, NextHops hops, RouteManager routes, AckBatcher acks, LocalDelivery delivery) {
    this.node = node;
    this.hops = hops;
    this.routes = routes;
    this.acks = acks;
    this.delivery = delivery;
  }

  /** A DATA frame arrived from a neighbour. */
  public void arrived(Frame.Data d) {
    if (d.path().size() >= MAX_HOPS) {
      node.stats().increment(Counter.DATA_DROPPED);
      LOG.warn("[{}] message {} of {} exceeded {} hops, dropped", node.self(), d.id(), d.origin(), MAX_HOPS);
      return;
    }
    List<String> path = null;
    if (delivery.snooping()) {
      path = LocalDelivery.append(d.path(), node.self());
      delivery.snoop(d, path);
    }
    RouteTable r = routes.current();
    if (d.kind() == Frame.BROADCAST) {
      relayBroadcast(r, d, path);
    } else {
      relaySet(r, d, path);
    }
  }

  private void relayBroadcast(RouteTable r, Frame.Data d, List<String> path) {
    if (!dedup.firstTime(d)) {
      node.stats().increment(Counter.DATA_DUPLICATES);
      return;
    }
    delivery.deliver(d);
    if (!r.isReachable(d.origin())) {
      return;
    }
    if (path == null) {
      path = LocalDelivery.append(d.path(), node.self());
    }
    for (String child : r.broadcastChildren(d.origin())) {
      if (path.contains(child)) {
        continue;
      }
      node.stats().increment(Counter.DATA_FORWARDED);
      if (hops.queue(withPath(d, path, List.of()), child) == Failure.UNREACHABLE) {
        // The tree says child but the link is gone: its whole subtree hears nothing from us.
        for (String n : r.broadcastSubtree(d.origin(), child)) {
          acks.queue(d.origin(), d.originInstance(), n, Frame.ACK_UNREACHABLE, d.id());
        }
      }
    }
  }

  private void relaySet(RouteTable r, Frame.Data d, List<String> path) {
    if (d.recipients().size() == 1) {
      relaySetToOne(r, d, path);
      return;
    }
    List<String> rest = new ArrayList<>(d.recipients().size());
    boolean mine = false;
    for (String rcpt : d.recipients()) {
      if (rcpt.equals(node.self())) {
        mine = true;
      } else {
        rest.add(rcpt);
      }
    }
    if (mine) {
      deliverHere(d);
    }
    if (rest.isEmpty()) {
      return;
    }
    RouteTable.Split split = r.split(rest);
    if (d.kind() == Frame.SET) {
      unreachable(d, split.unreachable());
    }
    if (path == null && !split.byNextHop().isEmpty()) {
      path = LocalDelivery.append(d.path(), node.self());
    }
    for (Map.Entry<String, List<String>> e : split.byNextHop().entrySet()) {
      node.stats().increment(Counter.DATA_FORWARDED);
      if (hops.queue(withPath(d, path, e.getValue()), e.getKey()) == Failure.UNREACHABLE && d.kind() == Frame.SET) {
        unreachable(d, e.getValue());
      }
    }
  }

  /** {@link #relaySet} of a message for one recipient: delivered here or passed on whole. */
  private void relaySetToOne(RouteTable r, Frame.Data d, List<String> path) {
    String rcpt = d.recipients().get(0);
    if (rcpt.equals(node.self())) {
      deliverHere(d);
      return;
    }
    Optional<String> hop = r.nextHop(rcpt);
    if (hop.isEmpty()) {
      if (d.kind() == Frame.SET) {
        unreachable(d, d.recipients());
      }
      return;
    }
    if (path == null) {
      path = LocalDelivery.append(d.path(), node.self());
    }
    node.stats().increment(Counter.DATA_FORWARDED);
    if (hops.queue(withPath(d, path, d.recipients()), hop.get()) == Failure.UNREACHABLE && d.kind() == Frame.SET) {
      unreachable(d, d.recipients());
    }
  }

  /** A message listed for this node: delivered the first time, confirmed again on a resent SET. */
  private void deliverHere(Frame.Data d) {
    if (dedup.firstTime(d)) {
      delivery.deliver(d);
      return;
    }
    node.stats().increment(Counter.DATA_DUPLICATES);
    if (d.kind() == Frame.SET) {
      // The origin sent it again (a new route): our first ACK may be lost, so confirm again,
      // with the verdict the first copy got.
      acks.queue(d.origin(), d.originInstance(), node.self(),
          delivery.wasRejected(d) ? Frame.ACK_REJECTED : Frame.ACK_DELIVERED, d.id());
    }
  }

  private void unreachable(Frame.Data d, Collection<String> recipients) {
    for (String u : recipients) {
      acks.queue(d.origin(), d.originInstance(), u, Frame.ACK_UNREACHABLE, d.id());
    }
  }

  private static Frame.Data withPath(Frame.Data d, List<String> path, List<String> recipients) {
    return new Frame.Data(
        d.kind(), d.channel(), d.origin(), d.originInstance(), d.id(), path, recipients, d.bodyType(), d.body());
  }
}
