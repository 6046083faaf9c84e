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
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The origin's side of end-to-end ACKs: every message this node sent and still waits on, with its
 * deadline; each recipient ends delivered, TIMEOUT, UNREACHABLE, REJECTED or UNCONFIRMED (see
 * {@link Failure}), and the caller's
 * future completes once none is left waiting. Owned by the event loop; futures are completed on
 * the handler executor (on the loop only for {@link DirectFuture}s, which no user code hangs on).
 */
public final class AckTracker {
  private static final long MS = 1_000_000L;

  /**
   * One message awaiting ACKs: its recipients (an immutable list) and which of them delivered or
   * failed, as bits (an array of states past 64 recipients); a recipient is found by a scan among
   * a few and through an index among many.
   */
  static final class Pending {
    private static final int SCAN_LIMIT = 8;
    private static final int BITS = 64;
    private static final byte WAITING = 0;
    private static final byte DELIVERED = 1;
    private static final byte FAILED = 2;

    final long id;
    final long deadline;
    private final List<String> recipients;
    /** Position of each recipient, only past {@link #SCAN_LIMIT} recipients. */
    private final Map<String, Integer> index;
    /** Delivered and failed recipients by position, up to {@link #BITS} recipients. */
    private long deliveredBits;
    private long failedBits;
    /** The state of each recipient past {@link #BITS} recipients (else null). */
    private final byte[] states;
    private int waitingCount;
    private int deliveredCount;
    private Map<String, Failure> failed = Map.of();
    final CompletableFuture<Delivery> future;
    /** What was sent, to send it again on a new route: channel and body. */
    final byte channel;
    final BodyCodec.Encoded body;
    boolean done;
    /**
     * Whether the message was handed to links more than once (sent again along new routes): a
     * relay's UNREACHABLE then speaks for one copy only, and does not end the recipient.
     */
    boolean resent;
    /** The verdict, set on the loop before the future is handed to be completed. */
    Delivery result;

    Pending(long id, long deadline, Collection<String> recipients, CompletableFuture<Delivery> f, byte channel,
        BodyCodec.Encoded body) {
      this.id = id;
      this.channel = channel;
      this.body = body;
      this.deadline = deadline;
      if (recipients.size() > SCAN_LIMIT) {
        this.recipients = List.copyOf(new LinkedHashSet<>(recipients));
        index = new HashMap<>(this.recipients.size() * 2);
        for (int i = 0; i < this.recipients.size(); i++) {
          index.put(this.recipients.get(i), i);
        }
      } else {
        this.recipients = List.copyOf(recipients);
        index = null;
      }
      this.states = this.recipients.size() > BITS ? new byte[this.recipients.size()] : null;
      this.waitingCount = this.recipients.size();
      this.future = f;
    }

    private int indexOf(String node) {
      if (index != null) {
        Integer i = index.get(node);
        return i == null ? -1 : i;
      }
      for (int i = 0; i < recipients.size(); i++) {
        if (recipients.get(i).equals(node)) {
          return i;
        }
      }
      return -1;
    }

    private byte state(int i) {
      if (states != null) {
        return states[i];
      }
      long bit = 1L << i;
      return (deliveredBits & bit) != 0 ? DELIVERED : (failedBits & bit) != 0 ? FAILED : WAITING;
    }

    private void set(int i, byte state) {
      if (states != null) {
        states[i] = state;
      } else if (state == DELIVERED) {
        deliveredBits |= 1L << i;
      } else {
        failedBits |= 1L << i;
      }
    }

    /** Whether {@code node} is still expected to answer. */
    boolean isWaiting(String node) {
      int i = indexOf(node);
      return i >= 0 && state(i) == WAITING;
    }

    /** Whether nobody is left to answer. */
    boolean noneWaiting() {
      return waitingCount == 0;
    }

    /** The recipients still expected to answer (a copy). */
    List<String> waiting() {
      List<String> out = new ArrayList<>(waitingCount);
      for (int i = 0; i < recipients.size(); i++) {
        if (state(i) == WAITING) {
          out.add(recipients.get(i));
        }
      }
      return out;
    }

    /** Marks {@code node} delivered; false when it was not waiting. */
    boolean delivered(String node) {
      int i = indexOf(node);
      if (i < 0 || state(i) != WAITING) {
        return false;
      }
      set(i, DELIVERED);
      waitingCount--;
      deliveredCount++;
      return true;
    }

    /** Marks {@code node} failed with {@code why}; false when it was not waiting. */
    boolean failed(String node, Failure why) {
      int i = indexOf(node);
      if (i < 0 || state(i) != WAITING) {
        return false;
      }
      set(i, FAILED);
      waitingCount--;
      if (failed.isEmpty()) {
        failed = new HashMap<>();
      }
      failed.put(node, why);
      return true;
    }

    /** The verdict, once nobody is left waiting. */
    Delivery verdict() {
      if (deliveredCount == recipients.size()) {
        return new Delivery(id, recipients, failed);
      }
      List<String> ok = new ArrayList<>(deliveredCount);
      for (int i = 0; i < recipients.size(); i++) {
        if (state(i) == DELIVERED) {
          ok.add(recipients.get(i));
        }
      }
      return new Delivery(id, ok, failed);
    }
  }

  private final NodeContext node;
  private final LongMap<Pending> pending = new LongMap<>();
  /** Messages with the default timeout: their deadlines come in send order. */
  private final ArrayDeque<Pending> fifoDeadlines = new ArrayDeque<>();
  private final PriorityQueue<Pending> deadlines = new PriorityQueue<>((a, b) -> Long.compare(a.deadline, b.deadline));
  private EventLoop.Cancellable sweeper;
  /**
   * Messages with a verdict whose futures the next hand-off completes: a fresh array per batch,
   * handed over whole (a long-lived list would cost a GC card mark on every add).
   */
  private Pending[] completions = new Pending[16];
  private int completionCount;
  private boolean completionFlushScheduled;

  public AckTracker(NodeContext node) {
    this.node = node;
  }

  /** Starts waiting for {@code recipients} to ACK message {@code id}. */
  Pending track(
      long id, long timeoutNanos, Collection<String> recipients, CompletableFuture<Delivery> future, byte channel,
      BodyCodec.Encoded body) {
    // The deadline needs no better than the sweep's precision: the loop's recent clock, read
    // once per few tasks, saves a clock read per message.
    Pending p = new Pending(id, node.loop().recentNanoTime() + timeoutNanos, recipients, future, channel, body);
    pending.put(id, p);
    if (timeoutNanos == node.config().ackTimeout().toNanos()) {
      fifoDeadlines.add(p);
    } else {
      deadlines.add(p);
    }
    ensureSweeper();
    return p;
  }

  /** The message {@code id} while it waits for ACKs, else null. */
  Pending pending(long id) {
    return pending.get(id);
  }

  /** An ACK (or negative ACK) of {@code node} for message {@code id} reached this origin. */
  void received(String from, byte status, long id) {
    Pending p = pending.get(id);
    if (p == null) {
      return;
    }
    if (status == Frame.ACK_DELIVERED) {
      if (p.delivered(from)) {
        node.stats().increment(Counter.RECIPIENTS_DELIVERED);
        maybeComplete(p);
      }
    } else if (status == Frame.ACK_REJECTED) {
      fail(p, from, Failure.REJECTED);
    } else if (!p.resent) {
      // A relay had no link for the only copy: it never reached a link toward the recipient.
      fail(p, from, Failure.UNREACHABLE);
    }
  }

  /** Ends {@code recipient} of {@code p} with {@code why} (once). */
  void fail(Pending p, String recipient, Failure why) {
    if (!p.failed(recipient, why)) {
      return;
    }
    node.stats().increment(counterOf(why));
    maybeComplete(p);
  }

  private static Counter counterOf(Failure why) {
    return switch (why) {
      case TIMEOUT -> Counter.RECIPIENTS_TIMEOUT;
      case UNREACHABLE -> Counter.RECIPIENTS_UNREACHABLE;
      case REJECTED -> Counter.RECIPIENTS_REJECTED;
      case UNCONFIRMED -> Counter.RECIPIENTS_UNCONFIRMED;
    };
  }

  /** Completes {@code p} when nobody is left waiting. */
  void maybeComplete(Pending p) {
    if (p.done || !p.noneWaiting()) {
      return;
    }
    p.done = true;
    pending.remove(p.id);
    while (!fifoDeadlines.isEmpty() && fifoDeadlines.peekFirst().done) {
      // Messages mostly finish in send order: let go of them now, not at the next sweep.
      fifoDeadlines.pollFirst();
    }
    Delivery d = p.verdict();
    if (p.future instanceof DirectFuture) {
      p.future.complete(d);
      return;
    }
    p.result = d;
    if (completionCount == completions.length) {
      completions = Arrays.copyOf(completions, completionCount * 2);
    }
    completions[completionCount++] = p;
    if (!completionFlushScheduled) {
      completionFlushScheduled = true;
      node.loop().execute(this::flushCompletions);
    }
  }

  /** Completes the futures finished by the last batch of events, in one hand-off. */
  private void flushCompletions() {
    completionFlushScheduled = false;
    if (completionCount == 0) {
      return;
    }
    Pending[] batch = completions;
    int n = completionCount;
    completions = new Pending[Math.max(16, Integer.highestOneBit(n))];
    completionCount = 0;
    node.handlers().execute(
        () -> {
          for (int i = 0; i < n; i++) {
            batch[i].future.complete(batch[i].result);
          }
        });
  }

  /**
   * These nodes lost their route: whoever still waits on them ends UNCONFIRMED now (a message
   * waits only once it was handed to a link toward them; one that was not ended UNREACHABLE at once).
   */
  public void unreachable(Set<String> lost) {
    for (Pending p : pending.values()) {
      for (String n : lost) {
        if (p.isWaiting(n)) {
          fail(p, n, Failure.UNCONFIRMED);
        }
      }
    }
  }

  /** The messages still waiting for someone (a copy, oldest first not guaranteed). */
  List<Pending> waiting() {
    return pending.values();
  }

  /** The node closes: everything still waiting ends TIMEOUT. */
  public void failAll() {
    for (Pending p : pending.values()) {
      for (String r : p.waiting()) {
        fail(p, r, Failure.TIMEOUT);
      }
    }
  }

  /**
   * How often expired waits are swept, the granularity of ACK timeouts: a tenth of the ACK
   * timeout, between 1 and 100 ms. Any thread.
   */
  long sweepPeriodNanos() {
    return Math.max(MS, Math.min(node.config().ackTimeout().toNanos() / 10, 100 * MS));
  }

  private void ensureSweeper() {
    if (sweeper == null) {
      sweeper = node.loop().schedule(this::sweep, sweepPeriodNanos());
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
      for (String r : p.waiting()) {
        fail(p, r, Failure.TIMEOUT);
      }
    }
  }
}
