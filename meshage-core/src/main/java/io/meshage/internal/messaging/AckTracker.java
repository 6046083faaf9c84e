package io.meshage.internal.messaging;

import io.meshage.Counter;
import io.meshage.Delivery;
import io.meshage.Failure;
import io.meshage.internal.DirectFuture;
import io.meshage.internal.EventLoop;
import io.meshage.internal.NodeContext;
import io.meshage.internal.codec.BodyCodec;
import io.meshage.internal.codec.Frame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The origin's side of end-to-end ACKs: every message this node sent and still waits on, with its
 * deadline; each recipient ends delivered, TIMEOUT, UNREACHABLE or REJECTED, and the caller's
 * future completes once none is left waiting. Owned by the event loop; futures are completed on
 * the handler executor (or on the loop for {@link DirectFuture}s).
 */
public final class AckTracker {
  private static final long MS = 1_000_000L;

  /** One message awaiting ACKs. */
  static final class Pending {
    final long id;
    final long deadline;
    final Collection<String> waiting;
    final List<String> delivered;
    Map<String, Failure> failed = Map.of();
    final CompletableFuture<Delivery> future;
    /** What was sent, to send it again on a new route: channel and body. */
    final byte channel;
    final BodyCodec.Encoded body;
    boolean done;

    Pending(long id, long deadline, Collection<String> recipients, CompletableFuture<Delivery> f, byte channel,
        BodyCodec.Encoded body) {
      this.id = id;
      this.channel = channel;
      this.body = body;
      this.deadline = deadline;
      this.waiting = recipients.size() <= 8 ? new ArrayList<>(recipients) : new HashSet<>(recipients);
      this.delivered = new ArrayList<>(recipients.size());
      this.future = f;
    }

    void failed(String node, Failure why) {
      if (failed.isEmpty()) {
        failed = new HashMap<>();
      }
      failed.put(node, why);
    }
  }

  private final NodeContext node;
  private final Map<Long, Pending> pending = new HashMap<>();
  /** Messages with the default timeout: their deadlines come in send order. */
  private final ArrayDeque<Pending> fifoDeadlines = new ArrayDeque<>();
  private final PriorityQueue<Pending> deadlines = new PriorityQueue<>((a, b) -> Long.compare(a.deadline, b.deadline));
  private EventLoop.Cancellable sweeper;
  private final List<Runnable> completions = new ArrayList<>();
  private boolean completionFlushScheduled;

  public AckTracker(NodeContext node) {
    this.node = node;
  }

  /** Starts waiting for {@code recipients} to ACK message {@code id}. */
  Pending track(
      long id, long timeoutNanos, Collection<String> recipients, CompletableFuture<Delivery> future, byte channel,
      BodyCodec.Encoded body) {
    Pending p = new Pending(id, node.loop().nanoTime() + timeoutNanos, recipients, future, channel, body);
    pending.put(id, p);
    if (timeoutNanos == node.config().ackTimeout().toNanos()) {
      fifoDeadlines.add(p);
    } else {
      deadlines.add(p);
    }
    ensureSweeper();
    return p;
  }

  /** An ACK (or negative ACK) of {@code node} for message {@code id} reached this origin. */
  void received(String from, byte status, long id) {
    Pending p = pending.get(id);
    if (p == null || !p.waiting.contains(from)) {
      return;
    }
    if (status == Frame.ACK_DELIVERED) {
      p.waiting.remove(from);
      p.delivered.add(from);
      node.stats().increment(Counter.DELIVERED);
      maybeComplete(p);
    } else {
      fail(p, from, status == Frame.ACK_REJECTED ? Failure.REJECTED : Failure.UNREACHABLE);
    }
  }

  /** Ends {@code recipient} of {@code p} with {@code why} (once). */
  void fail(Pending p, String recipient, Failure why) {
    if (!p.waiting.remove(recipient)) {
      return;
    }
    p.failed(recipient, why);
    node.stats().increment(counterOf(why));
    maybeComplete(p);
  }

  private static Counter counterOf(Failure why) {
    return switch (why) {
      case TIMEOUT -> Counter.FAILED_TIMEOUT;
      case UNREACHABLE -> Counter.FAILED_UNREACHABLE;
      case REJECTED -> Counter.FAILED_REJECTED;
    };
  }

  /** Completes {@code p} when nobody is left waiting. */
  void maybeComplete(Pending p) {
    if (p.done || !p.waiting.isEmpty()) {
      return;
    }
    p.done = true;
    pending.remove(p.id);
    Delivery d = new Delivery(p.id, p.delivered, p.failed);
    if (p.future instanceof DirectFuture) {
      p.future.complete(d);
      return;
    }
    completions.add(() -> p.future.complete(d));
    if (!completionFlushScheduled) {
      completionFlushScheduled = true;
      node.loop().execute(this::flushCompletions);
    }
  }

  /** Completes the futures finished by the last batch of events, in one hand-off. */
  private void flushCompletions() {
    completionFlushScheduled = false;
    if (completions.isEmpty()) {
      return;
    }
    List<Runnable> batch = new ArrayList<>(completions);
    completions.clear();
    node.handlers().execute(
        () -> {
          for (Runnable r : batch) {
            r.run();
          }
        });
  }

  /** These nodes lost their route: whoever still waits on them ends UNREACHABLE now. */
  public void unreachable(Set<String> lost) {
    for (Pending p : new ArrayList<>(pending.values())) {
      for (String n : lost) {
        if (p.waiting.contains(n)) {
          fail(p, n, Failure.UNREACHABLE);
        }
      }
    }
  }

  /** The messages still waiting for someone (a copy, oldest first not guaranteed). */
  List<Pending> waiting() {
    return new ArrayList<>(pending.values());
  }

  /** The node closes: everything still waiting ends TIMEOUT. */
  public void failAll() {
    for (Pending p : new ArrayList<>(pending.values())) {
      for (String r : new ArrayList<>(p.waiting)) {
        fail(p, r, Failure.TIMEOUT);
      }
    }
  }

  private void ensureSweeper() {
    if (sweeper == null) {
      long period = Math.max(MS, Math.min(node.config().ackTimeout().toNanos() / 10, 100 * MS));
      sweeper = node.loop().schedule(this::sweep, period);
    }
  }

  private void sweep() {
    sweeper = null;
    long now = node.loop().nanoTime();
    expire(fifoDeadlines, now);
    expire(deadlines, now);
    if (!deadlines.isEmpty() || !fifoDeadlines.isEmpty()) {
      ensureSweeper();
    }
  }

  private void expire(Queue<Pending> queue, long now) {
    while (!queue.isEmpty()) {
      Pending p = queue.peek();
      if (p.done) {
        queue.poll();
        continue;
      }
      if (p.deadline > now) {
        return;
      }
      queue.poll();
      for (String r : new ArrayList<>(p.waiting)) {
        fail(p, r, Failure.TIMEOUT);
      }
    }
  }
}
