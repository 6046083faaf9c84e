package io.meshage.internal.command;

import io.meshage.HandlerMode;
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
 *       code runs there); requests and one-way commands go to the layer's {@link
 *       io.meshage.internal.call.CallEngine}, which runs them once per (caller, call id) on a
 *       handler thread, or here when their handler is registered {@code DIRECT}; fan-out traffic
 *       goes to a handler thread.
 *   <li>{@link #dispatch} on a handler thread (or the loop, for direct handlers): runs handlers
 *       and sends their answers.
 * </ul>
 *
 * Stateless itself: the seen-set of requests is the engine's.
 */
final class Inbox {
  private static final Logger LOG = LogManager.getLogger(Inbox.class);

  private final CommandContext ctx;
  private final CommandRegistry registry;
  private final Requests calls;
  private final RelayFanout fanout;
  private final Outbox outbox;

  Inbox(CommandContext ctx, CommandRegistry registry, Requests calls, RelayFanout fanout, Outbox outbox) {
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
    String sender = m.source();
    switch (e.kind()) {
      case Envelope.RESPONSE, Envelope.RPC_RESPONSE -> calls.answered(e, sender);
      case Envelope.REQUEST -> {
        if (ctx.calls.firstRequest(sender, e.call())) {
          run(registry.commandMode(e.command()), "command ", e, sender);
        }
      }
      case Envelope.RPC_REQUEST -> {
        if (ctx.calls.firstRequest(sender, e.call())) {
          run(registry.rpcMode(e.command()), "RPC ", e, sender);
        }
      }
      case Envelope.ONE_WAY -> run(registry.commandMode(e.command()), "command ", e, sender);
      default -> ctx.handlers.execute(() -> dispatch(e, sender));
    }
  }

  private void run(HandlerMode mode, String what, Envelope e, String sender) {
    ctx.calls.run(mode, what + e.command(), () -> dispatch(e, sender));
  }

  /** Handler thread (the loop for direct handlers): runs what {@code e} asks for. */
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
}
