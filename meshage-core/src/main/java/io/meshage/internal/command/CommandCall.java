package io.meshage.internal.command;

import io.meshage.MeshException;
import io.meshage.MeshTimeoutException;
import io.meshage.command.CommandCounter;
import io.meshage.command.MalformedDataException;
import io.meshage.internal.HandoffFuture;
import io.meshage.internal.call.Call;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One request or RPC of the command layer on the {@link io.meshage.internal.call.CallEngine}: a
 * call to one target whose slot holds the answer's payload or the failure, completing a {@link
 * HandoffFuture} (completing it on the loop wakes a blocked caller there and runs no user code).
 */
final class CommandCall<T> extends Call<CommandCall.Answer> {
  /** What filled the slot: the answer's payload, or the failure. */
  record Answer(byte[] payload, MeshException error) {}

  final String target;
  final int command;
  final String kind;
  final CompletableFuture<T> future;
  private final CommandContext ctx;
  private final Function<byte[], T> decoder;
  private final long timeoutNanos;

  CommandCall(
      CommandContext ctx, String target, int command, String kind, Function<byte[], T> decoder,
      long timeoutNanos) {
    super(ctx.calls, List.of(target));
    this.ctx = ctx;
    this.target = target;
    this.command = command;
    this.kind = kind;
    this.decoder = decoder;
    this.timeoutNanos = timeoutNanos;
    this.future = new HandoffFuture<>(ctx.loop(), ctx.handlers);
  }

  /**
   * Sends the request again (set by the caller's thread before the first send, read on topology
   * changes): a request travels without an end-to-end ACK, so one lost with a link that closed
   * under it (a link swap while the mesh forms) would otherwise wait for its timeout. The target
   * runs a request id once, and retains its answer for the topology changes that follow.
   */
  volatile Runnable resender;

  @Override
  protected boolean resendsOnTopologyChange() {
    return resender != null;
  }

  @Override
  protected void resend(List<String> waiting) {
    Runnable r = resender;
    if (r != null && waiting.contains(target)) {
      r.run();
    }
  }

  void succeed(byte[] payload) {
    settle(target, new Answer(payload, null));
  }

  void fail(MeshException e) {
    settle(target, new Answer(null, e));
  }

  /** On the loop: fails a call still pending, on a handler thread (its callbacks may block). */
  @Override
  public void timeout() {
    if (!isFinished()) {
      ctx.handlers.execute(super::timeout);
    }
  }

  @Override
  protected Answer timedOut(String t) {
    return new Answer(null, new MeshTimeoutException(
        kind + " " + command + " to " + t + ": no answer within " + timeoutNanos / 1_000_000 + " ms"));
  }

  @Override
  protected Answer left(String t) {
    return new Answer(null, ctx.unreachable(t, "it left the reachable mesh while the call was pending"));
  }

  @Override
  protected Answer closed(String t, String why) {
    return new Answer(null, new MeshException(why));
  }

  @Override
  protected void completed(List<Answer> results) {
    Answer a = results.get(0);
    if (a.error() != null) {
      ctx.count(CommandCounter.CALLS_FAILED);
      if (a.error() instanceof MeshTimeoutException) {
        ctx.count(CommandCounter.CALLS_TIMED_OUT);
      }
      future.completeExceptionally(a.error());
      return;
    }
    T value;
    try {
      value = decoder.apply(a.payload());
    } catch (MalformedDataException e) {
      ctx.count(CommandCounter.CALLS_FAILED);
      future.completeExceptionally(
          new MeshException("answer of " + target + " to " + kind + " " + command
              + " is malformed: " + e.getMessage(), e));
      return;
    }
    ctx.count(CommandCounter.CALLS_SUCCEEDED);
    future.complete(value);
  }
}
