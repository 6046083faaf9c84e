package io.meshage.internal.command;

import io.meshage.MeshException;
import io.meshage.MeshTimeoutException;
import io.meshage.RemoteHandlerException;
import io.meshage.UnreachableException;
import io.meshage.command.NoSuchCommandException;
import io.meshage.command.PartialFailureException;
import io.meshage.internal.EventLoop;
import io.meshage.internal.HandoffFuture;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One {@code sendMany} at its origin: the nodes still to report and the failures so far. Verdicts
 * arrive on handler threads (reports), timeouts and topology loss on handler threads too, close on
 * the closing thread; {@code waiting}, {@code failures} and {@code done} are guarded by this
 * object's monitor, and the future completes once, outside it.
 */
final class PendingFanout {
  final long id;
  final int command;
  /** Completed on the loop at times (timeouts, topology loss): a {@link HandoffFuture}. */
  final CompletableFuture<Void> future;
  private final CommandContext ctx;
  private final Consumer<PendingFanout> onDone;
  private final Set<String> waiting;
  private final Map<String, MeshException> failures = new TreeMap<>();
  private boolean done;
  /** Written by the starting caller; read by the thread that records the last verdict. */
  private volatile EventLoop.Cancellable timer;

  PendingFanout(
      CommandContext ctx, long id, int command, List<String> targets, Consumer<PendingFanout> onDone) {
    this.ctx = ctx;
    this.future = new HandoffFuture<>(ctx.loop(), ctx.handlers);
    this.id = id;
    this.command = command;
    this.waiting = new LinkedHashSet<>(targets);
    this.onDone = onDone;
  }

  void timer(EventLoop.Cancellable t) {
    timer = t;
  }

  /** A node's report: a status of {@link Envelope} and its error text. */
  void verdict(String node, byte status, String error) {
    MeshException failure =
        switch (status) {
          case Envelope.OK -> null;
          case Envelope.NO_HANDLER -> new NoSuchCommandException(node, command, error);
          case Envelope.HANDLER_ERROR -> new RemoteHandlerException(node, error);
          case Envelope.TIMEOUT -> new MeshTimeoutException(error);
          case Envelope.REJECTED -> new MeshException(error);
          default -> new UnreachableException(node, error);
        };
    record(node, failure);
  }

  void lost(Set<String> reachable) {
    for (String n : stillWaiting()) {
      if (!n.equals(ctx.self) && !reachable.contains(n)) {
        record(n, new UnreachableException(n, "node " + n + " left the reachable mesh of " + ctx.self));
      }
    }
  }

  void expire(long nanos) {
    for (String n : stillWaiting()) {
      record(n, new MeshTimeoutException(
          "node " + n + " did not report command " + command + " within " + nanos / 1_000_000 + " ms"));
    }
  }

  void closed() {
    for (String n : stillWaiting()) {
      record(n, new MeshException("node " + ctx.self + " closed before " + n + " reported"));
    }
  }

  private synchronized List<String> stillWaiting() {
    return new ArrayList<>(waiting);
  }

  private void record(String node, MeshException failure) {
    synchronized (this) {
      if (done || !waiting.remove(node)) {
        return;
      }
      if (failure != null) {
        failures.put(node, failure);
      }
      if (!waiting.isEmpty()) {
        return;
      }
      done = true;
    }
    onDone.accept(this);
    EventLoop.Cancellable t = timer;
    if (t != null) {
      t.cancel();
    }
    if (failures.isEmpty()) {
      future.complete(null);
    } else {
      PartialFailureException e =
          new PartialFailureException(
              "command " + command + " from " + ctx.self + " was not handled by "
                  + failures.size() + " node(s): " + failures.keySet() + "; first cause: "
                  + failures.values().iterator().next().getMessage(),
              failures);
      future.completeExceptionally(e);
    }
  }
}
