package io.meshage.internal.command;

import io.meshage.Delivery;
import io.meshage.Failure;
import io.meshage.command.CommandCounter;
import io.meshage.internal.codec.BodyCodec;
import io.meshage.internal.codec.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tree fan-out ({@code sendMany}, {@code usendMany}): the origin's pending fan-outs, relaying a
 * share on to at most {@code limit} children (see {@link RelayTree}), handling a fan-out message
 * once per node, and reports back to the origin.
 *
 * <p>Threads: a caller starts a fan-out; messages and reports arrive on handler threads (from the
 * {@link Inbox}); a child's delivery verdict comes on a handler thread (the ACK tracker completes
 * plain futures there); sends to children are handed to the loop; the retry timer runs on the loop
 * and hands back to a handler thread. The state touched by several of them is concurrent: the
 * {@code fanouts} map, the {@link io.meshage.internal.SeenSet}, and each {@link PendingFanout}'s monitor.
 */
final class RelayFanout {
  /** How long a relay waits for routes to settle before trying an unreachable child again. */
  private static final long RETRY_DELAY_NANOS = 50_000_000L;

  private final CommandContext ctx;
  private final CommandRegistry registry;
  private final Outbox outbox;
  private final Map<Long, PendingFanout> fanouts = new ConcurrentHashMap<>();
  private final io.meshage.internal.SeenSet seen = new io.meshage.internal.SeenSet(8192);

  RelayFanout(CommandContext ctx, CommandRegistry registry, Outbox outbox) {
    this.ctx = ctx;
    this.registry = registry;
    this.outbox = outbox;
  }

  // ---------------------------------------------------------------- origin (caller's thread)

  /** Starts a reliable fan-out of {@code payload} to {@code targets} (distinct, checked). */
  CompletableFuture<Void> start(int command, List<String> targets, byte[] payload, int limit, long nanos) {
    ctx.count(CommandCounter.MANY_SENT);
    long id = ctx.nextId();
    int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, nanos / 1_000_000));
    Envelope message = Envelope.many(command, id, ctx.self, true, limit, 0, millis, List.of(), payload);
    ctx.encode(message.relayed(targets, 1)); // refuses a message too large before anything is sent
    PendingFanout fanout = new PendingFanout(ctx, id, command, targets, f -> fanouts.remove(f.id));
    if (ctx.closed()) {
      fanout.future.completeExceptionally(ctx.closedError());
      return fanout.future;
    }
    fanouts.put(id, fanout);
    fanout.timer(ctx.loop().schedule(() -> ctx.handlers.execute(() -> fanout.expire(nanos)), nanos));
    fanSelf(message, targets);
    return fanout.future;
  }

  /** Starts a best-effort fan-out: no ACKs, reports or retries. */
  void startUnreliable(int command, List<String> targets, byte[] payload, int limit) {
    ctx.count(CommandCounter.UMANY_SENT);
    Envelope message =
        Envelope.many(command, ctx.nextId(), ctx.self, false, limit, 0, 0, List.of(), payload);
    ctx.encode(message.relayed(targets, 1));
    if (!ctx.closed()) {
      fanSelf(message, targets);
    }
  }

  private void fanSelf(Envelope message, List<String> targets) {
    List<String> others = new ArrayList<>(targets);
    boolean mine = others.remove(ctx.self);
    seen.add(ctx.self + '#' + message.call());
    relay(message, others, 0);
    if (mine) {
      ctx.handlers.execute(() -> handle(message, 0));
    }
  }

  // ---------------------------------------------------------------- relaying (any thread)

  /** Hands {@code share} on from a node at relay step {@code depth}. */
  private void relay(Envelope message, List<String> share, int depth) {
    if (share.isEmpty()) {
      return;
    }
    for (RelayTree.Branch b : RelayTree.split(share, message.limit())) {
      sendToChild(message, b, depth, 1);
    }
  }

  private void sendToChild(Envelope message, RelayTree.Branch b, int depth, int attempt) {
    Envelope child = message.relayed(b.share(), depth + 1);
    BodyCodec.Encoded body = ctx.encode(child);
    ctx.count(CommandCounter.MANY_RELAYED);
    List<String> to = List.of(b.child());
    if (message.reliable()) {
      CompletableFuture<Delivery> delivery = new CompletableFuture<>();
      delivery.whenComplete((d, e) -> childDelivered(message, b, depth, attempt, d, e));
      long nanos = message.timeoutMillis() * 1_000_000L;
      ctx.loop().execute(() -> ctx.core.send(Frame.SET, CommandContext.CHANNEL, to, body, nanos, delivery));
    } else {
      ctx.loop().execute(
          () -> {
            if (ctx.core.sendUnreliable(CommandContext.CHANNEL, to, body) == 0) {
              ctx.count(CommandCounter.MANY_RELAY_FAILURES);
              relay(message, b.share(), depth);
            }
          });
    }
  }

  /**
   * A child could not be reached: this relay hands the child's share on itself at once; the child
   * alone is tried once more after routes had time to settle (a route through a node that just
   * died), and reported to the origin as failed when that fails too.
   */
  private void childDelivered(
      Envelope message, RelayTree.Branch b, int depth, int attempt, Delivery d, Throwable error) {
    Failure failure =
        error != null ? Failure.UNREACHABLE : d == null ? null : d.failed().get(b.child());
    if (failure == null) {
      return;
    }
    ctx.count(CommandCounter.MANY_RELAY_FAILURES);
    relay(message, b.share(), depth);
    if ((failure == Failure.UNREACHABLE || failure == Failure.UNCONFIRMED) && attempt == 1 && !ctx.closed()) {
      RelayTree.Branch alone = new RelayTree.Branch(b.child(), List.of());
      ctx.loop().schedule(
          () -> {
            if (ctx.core.snapshot().reachable().contains(b.child())) {
              ctx.handlers.execute(() -> sendToChild(message, alone, depth, 2));
            } else {
              ctx.handlers.execute(() -> childFailed(message, b.child(), depth, Failure.UNREACHABLE));
            }
          },
          RETRY_DELAY_NANOS);
      return;
    }
    childFailed(message, b.child(), depth, failure);
  }

  private void childFailed(Envelope message, String child, int depth, Failure failure) {
    byte status =
        switch (failure) {
          case TIMEOUT, UNCONFIRMED -> Envelope.TIMEOUT;
          case REJECTED -> Envelope.REJECTED;
          default -> Envelope.UNREACHABLE;
        };
    report(message, child, depth + 1, status, "relay " + ctx.self + ": " + child + " " + failure);
  }

  // ---------------------------------------------------------------- arrivals (handler threads)

  /** A fan-out message reached this node: relay its share, then handle it, once. */
  void arrived(Envelope message) {
    if (!seen.add(message.subject() + '#' + message.call())) {
      ctx.count(CommandCounter.MANY_DUPLICATES);
      return;
    }
    relay(message, message.share(), message.depth());
    handle(message, message.depth());
  }

  private void handle(Envelope message, int depth) {
    ctx.count(CommandCounter.MANY_HANDLED);
    ctx.metrics.relayDepth(depth);
    CommandRegistry.Outcome outcome = registry.runCommand(message.command(), message.payload(), message.subject());
    if (message.reliable()) {
      report(message, ctx.self, depth, outcome.status(), outcome.error());
    }
  }

  private void report(Envelope message, String subject, int depth, byte status, String error) {
    Envelope r = Envelope.report(message.command(), message.call(), subject, depth, status, error);
    outbox.answer(message.subject(), r);
  }

  /** A node's verdict on a fan-out started here. */
  void reportArrived(Envelope r) {
    PendingFanout f = fanouts.get(r.call());
    if (f != null) {
      f.verdict(r.subject(), r.status(), r.error());
    }
  }

  // ---------------------------------------------------------------- topology and close

  void lost(Set<String> reachable) {
    for (PendingFanout f : fanouts.values()) {
      f.lost(reachable);
    }
  }

  void closeAll() {
    for (PendingFanout f : fanouts.values()) {
      f.closed();
    }
  }
}
