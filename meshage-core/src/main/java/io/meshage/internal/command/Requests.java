package io.meshage.internal.command;

import io.meshage.RemoteHandlerException;
import io.meshage.command.CommandCounter;
import io.meshage.command.NoSuchCommandException;
import io.meshage.internal.call.Call;
import io.meshage.internal.codec.BodyCodec;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Requests and RPCs of the command layer ({@code sendRequest}, {@code sendRpc}) as calls on the
 * layer's {@link io.meshage.internal.call.CallEngine}, which owns them while they wait.
 *
 * <p>Threads: a caller {@link #start}s a call (table insert, timer on the loop, send from the
 * caller's thread); its answer is {@link #answered} where a link is decoded (the loop, on real
 * sockets) or on a handler thread (calls to self); the engine's timer fires on the loop and
 * fails the call on a handler thread; topology loss and closing run on handler and closing
 * threads. Stateless itself.
 */
final class Requests {
  private final CommandContext ctx;
  private final Outbox outbox;

  Requests(CommandContext ctx, Outbox outbox) {
    this.ctx = ctx;
    this.outbox = outbox;
  }

  /**
   * Sends a request envelope of {@code envelopeKind} to {@code target} and returns the future of
   * its answer, decoded by {@code decoder}. Runs on the caller's thread.
   */
  <T> CompletableFuture<T> start(
      byte envelopeKind, int command, String kind, String target, byte[] payload,
      Function<byte[], T> decoder, long timeoutNanos) {
    CommandCall<T> call = new CommandCall<>(ctx, target, command, kind, decoder, timeoutNanos);
    Envelope request = Envelope.call(envelopeKind, command, call.id(), payload);
    BodyCodec.Encoded body = ctx.encode(request);
    ctx.count(CommandCounter.CALLS_SENT);
    if (ctx.closed()) {
      call.fail(ctx.closedError());
      return call.future;
    }
    if (target.equals(ctx.self)) {
      ctx.calls.open(call, timeoutNanos);
      outbox.toSelf(request);
      return call.future;
    }
    if (!ctx.core.msas().containsKey(target)) {
      call.fail(ctx.unreachable(target, "it is not in the mesh of " + ctx.self));
      return call.future;
    }
    call.resender = () -> outbox.sendNow(target, body);
    ctx.calls.open(call, timeoutNanos);
    // The answer confirms delivery, so the request itself travels without an end-to-end ACK,
    // straight from the caller's thread onto the link; a target that leaves the mesh is caught
    // by the topology watch, and the request goes out again on every topology change while the
    // call waits (the target runs it once).
    if (!outbox.sendNow(target, body)) {
      call.fail(ctx.unreachable(target, "there is no route to it from " + ctx.self));
    }
    return call.future;
  }

  /** An answer arrived from {@code sender} (any thread); answers of unknown calls are ignored. */
  void answered(Envelope e, String sender) {
    Call<?> found = ctx.calls.find(e.call());
    if (!(found instanceof CommandCall<?> call) || !call.target.equals(sender)) {
      return;
    }
    switch (e.status()) {
      case Envelope.OK -> call.succeed(e.payload());
      case Envelope.NO_HANDLER -> call.fail(new NoSuchCommandException(sender, call.command, e.error()));
      default -> call.fail(new RemoteHandlerException(sender, e.error()));
    }
  }
}
