package io.meshage.internal.messaging;

import io.meshage.Counter;
import io.meshage.Delivery;
import io.meshage.Failure;
import io.meshage.MeshException;
import io.meshage.internal.DirectFuture;
import io.meshage.internal.HandoffFuture;
import io.meshage.internal.NodeContext;
import io.meshage.internal.Published;
import io.meshage.internal.codec.BodyCodec;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.routing.RouteManager;
import io.meshage.internal.transport.Transport;
import io.meshage.routing.RouteTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The origin's side of set and broadcast on shortest paths: groups the recipients by next hop
 * (one DATA per hop), sends a broadcast down this node's shortest-path tree, fails at once the
 * recipients that cannot be reached, and sends again what still waits for ACKs when the topology
 * changes. Runs on the event loop, except the {@code ...Now} sends (any thread).
 */
public final class OriginSender {
  private static final Logger LOG = LogManager.getLogger(OriginSender.class);

  private final NodeContext node;
  private final NextHops hops;
  private final RouteManager routes;
  private final Published published;
  private final AckTracker tracker;
  private final RetainedReplies replies;
  /** The path of a message leaving its origin: this node alone. */
  private final List<String> selfPath;
  /** Message ids of this node instance; taken by the loop and by callers of the fast path. */
  private final AtomicLong nextId = new AtomicLong(1);

  public OriginSender(NodeContext node, NextHops hops, RouteManager routes, Published published, AckTracker tracker) {
    this.node = node;
    this.hops = hops;
    this.routes = routes;
    this.published = published;
    this.tracker = tracker;
    this.replies = new RetainedReplies(node.config().ackRetention().toNanos());
    this.selfPath = List.of(node.self());
  }

  /** Every reachable node but the guests, sorted: who a broadcast expects ACKs from. */
  private List<String> broadcastTargets(RouteTable r) {
    TreeSet<String> all = new TreeSet<>(r.reachable());
    Set<String> guests = published.snapshot().guests();
    if (!guests.isEmpty()) {
      all.removeAll(guests);
    }
    return new ArrayList<>(all);
  }

  /**
   * Sends a SET or BROADCAST from this node on {@code channel}. {@code recipients} is ignored for a
   * broadcast (every node reachable at this moment is expected to ACK).
   */
  public void send(
      byte kind, byte channel, List<String> recipients, BodyCodec.Encoded body, long timeoutNanos,
      CompletableFuture<Delivery> future) {
    if (node.isClosed()) {
      closed(future);
      return;
    }
    RouteTable r = routes.current();
    long id = nextId.getAndIncrement();
    List<String> targets = kind == Frame.BROADCAST ? broadcastTargets(r) : recipients;
    AckTracker.Pending p = tracker.track(id, timeoutNanos, targets, future, channel, body);
    node.stats().increment(Counter.DATA_SENT);
    List<String> path = selfPath;
    if (kind == Frame.SET && recipients.size() == 1) {
      sendOne(r, p, channel, id, recipients, body);
    } else if (kind == Frame.BROADCAST) {
      for (String child : r.broadcastChildren(node.self())) {
        Frame.Data d = new Frame.Data(kind, channel, node.self(), node.instance(), id, path, List.of(), body.type(), body.bytes());
        Failure why = hops.queue(d, child);
        if (why != null) {
          for (String n : r.broadcastSubtree(node.self(), child)) {
            tracker.fail(p, n, why);
          }
        }
      }
    } else {
      RouteTable.Split split = r.split(recipients);
      for (String u : split.unreachable()) {
        tracker.fail(p, u, Failure.UNREACHABLE);
      }
      for (Map.Entry<String, List<String>> e : split.byNextHop().entrySet()) {
        Frame.Data d = new Frame.Data(kind, channel, node.self(), node.instance(), id, path, e.getValue(), body.type(), body.bytes());
        Failure why = hops.queue(d, e.getKey());
        if (why != null && kind == Frame.SET) {
          for (String n : e.getValue()) {
            tracker.fail(p, n, why);
          }
        }
      }
    }
    tracker.maybeComplete(p);
  }

  /** A SET to one recipient: as {@link RouteTable#split} would route it, without building a split. */
  private void sendOne(
      RouteTable r, AckTracker.Pending p, byte channel, long id, List<String> recipients, BodyCodec.Encoded body) {
    String rcpt = recipients.get(0);
    if (rcpt.equals(node.self())) {
      return;
    }
    Optional<String> hop = r.nextHop(rcpt);
    if (hop.isEmpty()) {
      tracker.fail(p, rcpt, Failure.UNREACHABLE);
      return;
    }
    Frame.Data d =
        new Frame.Data(Frame.SET, channel, node.self(), node.instance(), id, selfPath, recipients, body.type(), body.bytes());
    Failure why = hops.queue(d, hop.get());
    if (why != null) {
      tracker.fail(p, rcpt, why);
    }
  }

  /**
   * A SET to one recipient from a caller that blocks for its verdict (any thread): the wait for
   * the ACK is posted to the loop first, so it is in place before any ACK can come back (the loop
   * runs its tasks in order, and before it decodes a read), and then the caller writes the frame
   * onto the neighbour's connection itself with the routes last published, saving the loop's
   * wake-ups on the way out (the post itself wakes a waiting loop only when its next timer is
   * further away than the ACK timeouts' granularity). Without a route or a connection now, the
   * loop sends it as {@link #send} does.
   */
  public void sendOneNow(
      byte channel, String recipient, BodyCodec.Encoded body, long timeoutNanos, CompletableFuture<Delivery> future) {
    List<String> recipients = List.of(recipient);
    RouteTable r = published.routes();
    String hop = r == null || node.isClosed() ? null : r.nextHop(recipient).orElse(null);
    Transport.Connection c = hop == null ? null : published.connectionTo(hop);
    if (c == null) {
      node.loop().execute(() -> send(Frame.SET, channel, recipients, body, timeoutNanos, future));
      return;
    }
    long id = nextId.getAndIncrement();
    // Posted without waking the loop: it runs before the loop decodes the ACK (the loop runs its
    // queued tasks before what a read returned), and otherwise by the loop's next timer, if that
    // comes within the granularity of ACK timeouts (the sweep period); else the loop is woken.
    node.loop().executeLazily(
        () -> trackSentByCaller(id, channel, recipients, body, timeoutNanos, future), tracker.sweepPeriodNanos());
    Frame.Data d =
        new Frame.Data(Frame.SET, channel, node.self(), node.instance(), id, selfPath, recipients, body.type(), body.bytes());
    if (!c.sendFromCaller(d)) {
      node.loop().execute(() -> callerSendFailed(id, recipient, hop));
    }
  }

  /**
   * Fails a send of a closed node: on a handler thread, as every verdict, unless the future is one
   * the loop completes itself (a blocked caller's).
   */
  private void closed(CompletableFuture<Delivery> future) {
    MeshException e = new MeshException("node " + node.self() + " is closed");
    if (future instanceof DirectFuture || future instanceof HandoffFuture) {
      future.completeExceptionally(e);
    } else {
      node.handlers().execute(() -> future.completeExceptionally(e));
    }
  }

  /** On the loop: the wait for the ACK of a message a caller writes itself (see {@link #sendOneNow}). */
  private void trackSentByCaller(
      long id, byte channel, List<String> recipients, BodyCodec.Encoded body, long timeoutNanos,
      CompletableFuture<Delivery> future) {
    if (node.isClosed()) {
      closed(future);
      return;
    }
    tracker.track(id, timeoutNanos, recipients, future, channel, body);
    node.stats().increment(Counter.DATA_SENT);
  }

  /** On the loop: the caller could not queue its frame (a full queue or a closed link), as {@link NextHops#queue} says. */
  private void callerSendFailed(long id, String recipient, String hop) {
    node.stats().increment(Counter.DATA_DROPPED);
    LOG.debug("[{}] queue to {} full or link gone, dropping message {}", node.self(), hop, id);
    AckTracker.Pending p = tracker.pending(id);
    if (p != null) {
      tracker.fail(p, recipient, hops.linked(hop) ? Failure.TIMEOUT : Failure.UNREACHABLE);
    }
  }

  /** Sends without ACKs or retries (best effort, on the loop); returns how many recipients had a route. */
  public int sendUnreliable(byte channel, List<String> recipients, BodyCodec.Encoded body) {
    if (node.isClosed()) {
      return 0;
    }
    RouteTable.Split split = routes.current().split(recipients);
    long id = nextId.getAndIncrement();
    node.stats().increment(Counter.DATA_SENT);
    int routed = 0;
    for (Map.Entry<String, List<String>> e : split.byNextHop().entrySet()) {
      routed += e.getValue().size();
      hops.queue(unreliable(channel, id, e.getValue(), body), e.getKey());
    }
    return routed;
  }

  /**
   * An unreliable send callable from any thread (handlers answering requests): it routes with
   * the routes last published by the loop and queues straight onto the neighbour's connection,
   * saving a hand-over to the loop. Returns how many recipients had a route.
   */
  public int sendUnreliableNow(byte channel, List<String> recipients, BodyCodec.Encoded body) {
    RouteTable r = published.routes();
    if (node.isClosed() || r == null) {
      return 0;
    }
    RouteTable.Split split = r.split(recipients);
    long id = nextId.getAndIncrement();
    node.stats().increment(Counter.DATA_SENT);
    int routed = 0;
    for (Map.Entry<String, List<String>> e : split.byNextHop().entrySet()) {
      Transport.Connection c = published.connectionTo(e.getKey());
      Frame.Data d = unreliable(channel, id, e.getValue(), body);
      boolean sent = c != null && (node.loop().inLoop() ? c.send(d) : c.sendFromCaller(d));
      if (sent) {
        routed += e.getValue().size();
      } else {
        node.stats().increment(Counter.DATA_DROPPED);
      }
    }
    return routed;
  }

  /**
   * An answer to {@code recipient} (a command or RPC reply), from any thread: sent at once like
   * {@link #sendUnreliableNow} and kept for the ACK retention, to go out again on the new route
   * after a topology change (the caller completes once, so a copy it did not need is harmless).
   * Returns whether it had a route now.
   */
  public boolean sendReplyNow(byte channel, String recipient, BodyCodec.Encoded body) {
    replies.add(channel, recipient, body, node.loop().nanoTime());
    return sendUnreliableNow(channel, List.of(recipient), body) != 0;
  }

  /**
   * The topology changed (on the loop): every message of this node still waiting for recipients
   * that have a route goes to them again, as a SET with the same id (a relay on the old way, or a
   * broadcast tree that moved under it, may have lost it; recipients deliver an id once), and
   * retained answers go out again on the current routes.
   */
  public void topologyChanged() {
    if (node.isClosed()) {
      return;
    }
    resendWaiting();
    RouteTable r = null;
    for (RetainedReplies.Reply reply : replies.live(node.loop().nanoTime())) {
      r = r != null ? r : routes.current();
      if (r.isReachable(reply.recipient())) {
        node.stats().increment(Counter.REPLIES_RESENT);
        sendUnreliable(reply.channel(), List.of(reply.recipient()), reply.body());
      }
    }
  }

  private void resendWaiting() {
    List<AckTracker.Pending> waiting = tracker.waiting();
    if (waiting.isEmpty() || node.config().ackRetention().isZero()) {
      return;
    }
    RouteTable r = routes.current();
    List<String> path = selfPath;
    for (AckTracker.Pending p : waiting) {
      if (p.done || p.noneWaiting()) {
        continue;
      }
      RouteTable.Split split = r.split(p.waiting());
      for (Map.Entry<String, List<String>> e : split.byNextHop().entrySet()) {
        p.resent = true;
        node.stats().increment(Counter.DATA_RESENT);
        hops.queue(
            new Frame.Data(Frame.SET, p.channel, node.self(), node.instance(), p.id, path, e.getValue(), p.body.type(),
                p.body.bytes()),
            e.getKey());
      }
    }
  }

  private Frame.Data unreliable(byte channel, long id, List<String> recipients, BodyCodec.Encoded body) {
    return new Frame.Data(
        Frame.USET, channel, node.self(), node.instance(), id, List.of(node.self()), recipients, body.type(), body.bytes());
  }
}
