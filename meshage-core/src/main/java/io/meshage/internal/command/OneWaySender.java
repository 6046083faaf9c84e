package io.meshage.internal.command;

import io.meshage.Delivery;
import io.meshage.Failure;
import io.meshage.command.CommandCounter;
import io.meshage.internal.codec.BodyCodec;
import io.meshage.internal.codec.Frame;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One-way commands: {@link #send} rides the node's ACKed SET (the loop sends it; the ACK tracker
 * completes the delivery future on a handler thread, where the verdict is mapped), {@link #usend}
 * is best effort sent
 * from the loop. Both run a command to this node itself on a handler thread. Stateless.
 */
final class OneWaySender {
  private final CommandContext ctx;
  private final Outbox outbox;

  OneWaySender(CommandContext ctx, Outbox outbox) {
    this.ctx = ctx;
    this.outbox = outbox;
  }

  /** Caller's thread: encodes, then hands the send to the loop. */
  CompletableFuture<Void> send(int command, String node, byte[] payload) {
    Envelope e = Envelope.call(Envelope.ONE_WAY, command, 0, payload);
    BodyCodec.Encoded body = ctx.encode(e);
    ctx.count(CommandCounter.SENDS);
    if (ctx.closed()) {
      return CompletableFuture.failedFuture(ctx.closedError());
    }
    if (node.equals(ctx.self)) {
      outbox.toSelf(e);
      return CompletableFuture.completedFuture(null);
    }
    if (!ctx.core.msas().containsKey(node)) {
      return CompletableFuture.failedFuture(ctx.unreachable(node, "it is not in the mesh of " + ctx.self));
    }
    CompletableFuture<Delivery> delivery = new CompletableFuture<>();
    long nanos = ctx.defaultTimeout().toNanos();
    List<String> to = List.of(node);
    ctx.loop().execute(() -> ctx.core.send(Frame.SET, CommandContext.CHANNEL, to, body, nanos, delivery));
    // The tracker completes plain delivery futures on a handler thread, so the mapping runs there.
    return delivery.thenApply(
        d -> {
          Failure f = d.failed().get(node);
          if (f != null) {
            throw ctx.deliveryFailure(node, f);
          }
          return null;
        });
  }

  /** Caller's thread: encodes, then hands the best-effort send to the loop. */
  void usend(int command, String node, byte[] payload) {
    Envelope e = Envelope.call(Envelope.ONE_WAY, command, 0, payload);
    BodyCodec.Encoded body = ctx.encode(e);
    ctx.count(CommandCounter.USENDS);
    if (ctx.closed()) {
      return;
    }
    if (node.equals(ctx.self)) {
      outbox.toSelf(e);
      return;
    }
    List<String> to = List.of(node);
    ctx.loop().execute(
        () -> {
          if (ctx.core.sendUnreliable(CommandContext.CHANNEL, to, body) == 0) {
            ctx.count(CommandCounter.USENDS_NO_ROUTE);
          }
        });
  }
}
