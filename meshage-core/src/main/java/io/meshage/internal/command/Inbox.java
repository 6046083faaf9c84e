package io.meshage.internal.command;

import io.meshage.Message;
import io.meshage.command.CommandCounter;
import io.meshage.command.MalformedDataException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Incoming command traffic: decodes envelopes and routes them. Two entry points:
 *
 * <ul>
 *   <li>{@link #fromLoop} on the event loop: an answer completes its call at once (call futures
 *       are {@code HandoffFuture}s: the caller blocked in {@code get} is woken there, and no user
 *       code runs there); everything that runs handlers goes to a handler thread.
 *   <li>{@link #dispatch} on a handler thread: runs handlers and sends their answers.
 * </ul>
 *
 * Requests are handled at most once per (caller, call id): they may arrive twice when routes
 * change. The only state, that {@link io.meshage.internal.SeenSet}, is synchronized.
 */
final class Inbox {
  private static final Logger LOG = LogManager.getLogger(Inbox.class);

  private final CommandContext ctx;
  private final CommandRegistry registry;
  private final CallTable calls;
  private final RelayFanout fanout;
  private final Outbox outbox;
  private final io.meshage.internal.SeenSet seenRequests = new io.meshage.internal.SeenSet(8192);

  Inbox(CommandContext ctx, CommandRegistry registry, CallTable calls, RelayFanout fanout, Outbox outbox) {
    this.ctx = ctx;
    this.registry = registry;
    this.calls = calls;
    this.fanout = fanout;
    this.outbox = outbox;
  }

  /** Event loop. */
  void fromLoop(Message m) {
    if (!(m.body() instanceof byte[] bytes)) {
      ctx.count(CommandCounter.MALFORMED);
      return;
    }
    Envelope e;
    try {
      e = Envelope.decode(bytes);
    } catch (MalformedDataException ex) {
      ctx.count(CommandCounter.MALFORMED);
      LOG.debug("[{}] malformed command envelope from {}: {}", ctx.self, m.source(), ex.getMessage());
      return;
    }
    if (isAnswer(e)) {
      calls.answered(e, m.source());
    } else if (!isRequest(e) || firstRequest(e, m.source())) {
      ctx.handlers.execute(() -> dispatch(e, m.source()));
    }
  }

  /** Handler thread: runs what {@code e} asks for. */
  void dispatch(Envelope e, String sender) {
    switch (e.kind()) {
      case Envelope.REQUEST -> {
        CommandRegistry.Outcome o = registry.runCommand(e.command(), e.payload(), sender);
        outbox.answer(sender, Envelope.answer(Envelope.RESPONSE, e.command(), e.call(), o.status(), o.error(), o.payload()));
      }
      case Envelope.ONE_WAY -> registry.runCommand(e.command(), e.payload(), sender);
      case Envelope.RPC_REQUEST -> {
        CommandRegistry.Outcome o = registry.runRpc(e.command(), e.payload(), sender);
        Envelope answer = Envelope.answer(Envelope.RPC_RESPONSE, e.command(), e.call(), o.status(), o.error(), o.payload());
        if (registry.isBulkRpc(e.command())) {
          outbox.answerBulk(sender, answer);
        } else {
          outbox.answer(sender, answer);
        }
      }
      case Envelope.RESPONSE, Envelope.RPC_RESPONSE -> calls.answered(e, sender);
      case Envelope.MANY -> fanout.arrived(e);
      case Envelope.REPORT -> fanout.reportArrived(e);
      default -> ctx.count(CommandCounter.MALFORMED);
    }
  }

  private static boolean isAnswer(Envelope e) {
    return e.kind() == Envelope.RESPONSE || e.kind() == Envelope.RPC_RESPONSE;
  }

  private static boolean isRequest(Envelope e) {
    return e.kind() == Envelope.REQUEST || e.kind() == Envelope.RPC_REQUEST;
  }

  /** Whether this request is new. */
  private boolean firstRequest(Envelope e, String sender) {
    return seenRequests.add(sender + '/' + e.call());
  }
}
