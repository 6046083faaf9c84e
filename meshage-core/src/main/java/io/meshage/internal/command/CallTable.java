package io.meshage.internal.command;

import io.meshage.MeshException;
import io.meshage.MeshTimeoutException;
import io.meshage.RemoteHandlerException;
import io.meshage.command.CommandCounter;
import io.meshage.command.NoSuchCommandException;
import io.meshage.internal.codec.BodyCodec;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The outstanding requests and RPCs of one node, by call id, each with its timeout.
 *
 * <p>Threads: a caller {@link #start}s a call (table insert, timer on the loop, send from the
 * caller's thread); its answer {@link #answered} where a link is decoded (the loop, on real sockets) or on the
 * loop (simulator, or answers that came another way) or on a handler thread (calls to self); the
 * timer fires on the loop and fails the call on a handler thread; topology loss ({@link #lost})
 * and {@link #closeAll} run on handler and closing threads. The table is a concurrent map; each
 * {@link PendingCall} settles the race between them itself.
 */
final class CallTable {
  private final CommandContext ctx;
  private final Outbox outbox;
  private final Map<Long, PendingCall<?>> calls = new ConcurrentHashMap<>();

  CallTable(CommandContext ctx, Outbox outbox) {
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
    long id = ctx.nextId();
    Envelope request = Envelope.call(envelopeKind, command, id, payload);
    BodyCodec.Encoded body = ctx.encode(request);
    ctx.count(CommandCounter.CALLS_SENT);
    PendingCall<T> call = new PendingCall<>(ctx, this, id, target, command, kind, decoder);
    if (ctx.closed()) {
      call.fail(ctx.closedError());
      return call.future;
    }
    if (target.equals(ctx.self)) {
      open(call, timeoutNanos);
      outbox.toSelf(request);
      return call.future;
    }
    if (!ctx.core.msas().containsKey(target)) {
      call.fail(ctx.unreachable(target, "it is not in the mesh of " + ctx.self));
      return call.future;
    }
    open(call, timeoutNanos);
    // The answer confirms delivery, so the request itself travels without an end-to-end ACK,
    // straight from the caller's thread onto the link; a target that leaves the mesh is caught
    // by the topology watch.
    if (!outbox.sendNow(target, body)) {
      call.fail(ctx.unreachable(target, "there is no route to it from " + ctx.self));
    }
    return call.future;
  }

  /** Puts {@code call} in the table and arms its timeout on the loop. */
  void open(PendingCall<?> call, long timeoutNanos) {
    calls.put(call.id, call);
    call.timer(ctx.loop().schedule(() -> timedOut(call, timeoutNanos), timeoutNanos));
  }

  /** On the loop: fails a call still pending, on a handler thread (its callbacks may block). */
  private void timedOut(PendingCall<?> call, long nanos) {
    if (!call.isDone()) {
      ctx.handlers.execute(
          () ->
              call.fail(
                  new MeshTimeoutException(
                      call.kind + " " + call.command + " to " + call.target + ": no answer within "
                          + nanos / 1_000_000 + " ms")));
    }
  }

  /** An answer arrived from {@code sender} (any thread); answers of unknown calls are ignored. */
  void answered(Envelope e, String sender) {
    PendingCall<?> call = calls.get(e.call());
    if (call == null || !call.target.equals(sender)) {
      return;
    }
    switch (e.status()) {
      case Envelope.OK -> call.succeed(e.payload());
      case Envelope.NO_HANDLER -> call.fail(new NoSuchCommandException(sender, call.command, e.error()));
      default -> call.fail(new RemoteHandlerException(sender, e.error()));
    }
  }

  /** Fails the calls whose target is no longer reachable (a handler thread, on topology change). */
  void lost(Set<String> reachable) {
    for (PendingCall<?> call : calls.values()) {
      if (!call.target.equals(ctx.self) && !reachable.contains(call.target)) {
        call.fail(ctx.unreachable(call.target, "it left the reachable mesh while the call was pending"));
      }
    }
  }

  /** Fails every pending call (the closing thread). */
  void closeAll() {
    for (PendingCall<?> call : calls.values()) {
      call.fail(new MeshException("node " + ctx.self + " closed while the call was pending"));
    }
  }

  /** The number of calls awaiting an answer. */
  int pending() {
    return calls.size();
  }

  void remove(PendingCall<?> call) {
    calls.remove(call.id, call);
  }
}
