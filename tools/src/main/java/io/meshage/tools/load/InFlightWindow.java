package io.meshage.tools.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The rig's bound on messages in flight, for one sending thread and any completing threads. The
 * sender counts what it took in a word of its own (padded a cache line each side) and completers
 * count what came back in striped cells, so the two sides share no cache line that changes per
 * message. A semaphore's word would move between the vCPUs twice per message, and the rig would
 * then report that as the library's cost (the library's own window works the same way, see
 * {@code io.meshage.internal.node.SendWindow}). A full window waits until a quarter of it has come
 * back; completers wake the sender only while it waits.
 */
final class InFlightWindow {
  private static final int TAKEN = 8;
  private final long size;
  private final long resumeBelow;
  private final Thread sender;
  /** {@code [TAKEN]}: messages taken so far, written by the sender only. */
  private final long[] taken = new long[2 * TAKEN + 1];
  private final LongAdder given = new LongAdder();
  /** The count of {@link #given} the waiting sender needs, or Long.MAX_VALUE while it does not wait. */
  private volatile long wakeAt = Long.MAX_VALUE;

  InFlightWindow(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("rig.window must be at least 1, got " + size);
    }
    this.size = size;
    this.resumeBelow = size - Math.max(1, size / 4);
    this.sender = Thread.currentThread();
  }

  /** The sender: takes a slot, waiting while the window is full (at most {@code timeoutNanos}). */
  void take(long timeoutNanos) {
    long t = taken[TAKEN];
    if (t - given.sum() >= size) {
      await(t - resumeBelow, timeoutNanos);
    }
    taken[TAKEN] = t + 1;
  }

  /** Any thread: one message completed. */
  void give() {
    given.increment();
    long w = wakeAt;
    if (w != Long.MAX_VALUE && given.sum() >= w) {
      LockSupport.unpark(sender);
    }
  }

  /** The sender: waits until everything taken has come back. */
  void awaitAll(long timeoutNanos) {
    await(taken[TAKEN], timeoutNanos);
  }

  /** The sender: parks until {@code need} messages have come back in all. */
  private void await(long need, long timeoutNanos) {
    long end = System.nanoTime() + timeoutNanos;
    // Completers add to the cells, then read wakeAt; the sender sets wakeAt, then reads the cells.
    wakeAt = need;
    try {
      while (given.sum() < need) {
        if (System.nanoTime() - end > 0) {
          throw new IllegalStateException(
              "ACKs missing after " + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s: "
                  + (taken[TAKEN] - given.sum()) + " messages still in flight");
        }
        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1));
      }
    } finally {
      wakeAt = Long.MAX_VALUE;
    }
  }
}
