package io.meshage.internal.command;

import io.meshage.command.CommandCounter;
import io.meshage.internal.codec.BodyCodec;
import io.meshage.internal.codec.Frame;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Sends the envelopes that need no end-to-end ACK (requests, answers, fan-out reports): straight
 * from the calling thread onto the link with {@code NodeCore.sendUnreliableNow}, or, for this node
 * itself, to the handler threads. Stateless; any thread may call it.
 */
final class Outbox {
  private static final Logger LOG = LogManager.getLogger(Outbox.class);

  private final CommandContext ctx;
  private final BiConsumer<Envelope, String> local;

  /**
   * @param local what receives envelopes this node sends itself (the inbox; runs on a handler
   *     thread)
   */
  Outbox(CommandContext ctx, BiConsumer<Envelope, String> local) {
    this.ctx = ctx;
    this.local = local;
  }

  /** Hands {@code e} to this node's own inbox, on a handler thread. */
  void toSelf(Envelope e) {
    ctx.handlers.execute(() -> local.accept(e, ctx.self));
  }

  /** Sends {@code body} to {@code node} now, best effort; false when there is no route. */
  boolean sendNow(String node, BodyCodec.Encoded body) {
    return ctx.core.sendUnreliableNow(CommandContext.CHANNEL, List.of(node), body) != 0;
  }

  /**
   * Sends a bulk answer (a file part) to {@code node} on the bulk channel, once and not retained:
   * the caller's own timeout and retry cover a loss.
   */
  void answerBulk(String node, Envelope e) {
    if (node.equals(ctx.self)) {
      toSelf(e);
    } else if (ctx.core.sendUnreliableNow(Frame.BULK, List.of(node), ctx.encode(e)) == 0) {
      ctx.count(CommandCounter.ANSWERS_LOST);
      LOG.debug("[{}] no room or route to {} for a bulk answer", ctx.self, node);
    }
  }

  /**
   * Sends an answer or report to {@code node} (no ACK: the caller has its own timeout; the answer
   * is kept for the ACK retention and sent again on the new route after a topology change). An
   * answer too large to send is replaced by an error answer saying so.
   */
  void answer(String node, Envelope e) {
    if (node.equals(ctx.self)) {
      toSelf(e);
      return;
    }
    BodyCodec.Encoded body;
    try {
      body = ctx.encode(e);
    } catch (IllegalArgumentException tooLarge) {
      Envelope error =
          Envelope.answer(e.kind(), e.command(), e.call(), Envelope.HANDLER_ERROR,
              "answer of " + ctx.self + " cannot be sent: " + tooLarge.getMessage(), new byte[0]);
      body = ctx.encode(error);
    }
    if (!ctx.core.sendReplyNow(CommandContext.CHANNEL, node, body)) {
      ctx.count(CommandCounter.ANSWERS_LOST);
      LOG.debug("[{}] no route to {} for an answer", ctx.self, node);
    }
  }
}
