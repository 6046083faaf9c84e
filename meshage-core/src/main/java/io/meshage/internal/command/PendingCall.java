package io.meshage.internal.command;

import io.meshage.MeshException;
import io.meshage.MeshTimeoutException;
import io.meshage.command.CommandCounter;
import io.meshage.command.MalformedDataException;
import io.meshage.internal.EventLoop;
import io.meshage.internal.HandoffFuture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One request or RPC awaiting its answer. It completes exactly once, whichever thread gets there
 * first (the loop with the answer, the loop's timer, a handler thread seeing
 * the target vanish, the closing thread): {@link #finish} decides the race with one CAS.
 */
final class PendingCall<T> {
  final long id;
  final String target;
  final int command;
  final String kind;
  private final CallTable table;
  private final Function<byte[], T> decoder;
  private final CommandContext ctx;
  /** A {@link HandoffFuture}: completing it on the loop wakes a blocked caller there and runs no user code. */
  final CompletableFuture<T> future;
  private final AtomicBoolean done = new AtomicBoolean();
  /** Written by the starting caller right after the call is in the table; read by the finisher. */
  private volatile EventLoop.Cancellable timer;

  PendingCall(
      CommandContext ctx, CallTable table, long id, String target, int command, String kind,
      Function<byte[], T> decoder) {
    this.ctx = ctx;
    this.table = table;
    this.id = id;
    this.target = target;
    this.command = command;
    this.kind = kind;
    this.decoder = decoder;
    this.future = new HandoffFuture<>(ctx.loop(), ctx.handlers);
  }

  void timer(EventLoop.Cancellable t) {
    timer = t;
    if (done.get()) {
      t.cancel(); // finished before the timer was set
    }
  }

  boolean isDone() {
    return done.get();
  }

  void succeed(byte[] payload) {
    if (!finish()) {
      return;
    }
    T value;
    try {
      value = decoder.apply(payload);
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

  void fail(MeshException e) {
    if (!finish()) {
      return;
    }
    ctx.count(CommandCounter.CALLS_FAILED);
    if (e instanceof MeshTimeoutException) {
      ctx.count(CommandCounter.CALLS_TIMED_OUT);
    }
    future.completeExceptionally(e);
  }

  private boolean finish() {
    if (!done.compareAndSet(false, true)) {
      return false;
    }
    table.remove(this);
    EventLoop.Cancellable t = timer;
    if (t != null) {
      t.cancel();
    }
    return true;
  }
}
