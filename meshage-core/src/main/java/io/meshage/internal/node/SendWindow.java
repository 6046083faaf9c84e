package io.meshage.internal.node;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code maxInFlight} window of a node's sends: slots taken by callers, given back by whichever
 * thread completes a send. A semaphore would make both sides change one word, which then moves
 * between the callers' and the completers' vCPUs twice per message; here callers count what they
 * took in one word, completers count what they gave back in striped cells, and a caller adds the
 * cells up only when its last look says the window is full. The bound is exact: a caller's view
 * of what was given back is never ahead of the truth.
 *
 * <p>Threads: any. Callers that wait ({@link #acquire}) park on a monitor; givers notify it only
 * when someone waits.
 */
public final class SendWindow {
  private final long size;
  /**
   * The callers' words, a cache line from either end of the array so that they share no line with
   * the completers' {@link #given} allocated next to it: slots ever taken ({@link #TAKEN}), and
   * the largest sum of {@link #given} a caller has read ({@link #GIVEN_SEEN}), never more than
   * the truth.
   */
  private final AtomicLongArray callers = new AtomicLongArray(24);
  private static final int TAKEN = 8;
  private static final int GIVEN_SEEN = 9;
  /** Slots ever given back (completers). */
  private final LongAdder given = new LongAdder();
  /** Callers waiting in {@link #acquire}. */
  private volatile int waiters;
  private final Object room = new Object();

  public SendWindow(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("the window must have at least one slot, got " + size);
    }
    this.size = size;
  }

  /** Takes a slot without waiting; false when the window is full. */
  public boolean tryAcquire() {
    for (;;) {
      long t = callers.get(TAKEN);
      if (t - callers.get(GIVEN_SEEN) >= size && t - refreshGiven() >= size) {
        return false;
      }
      if (callers.compareAndSet(TAKEN, t, t + 1)) {
        return true;
      }
    }
  }

  /** Takes a slot, waiting up to {@code timeoutMillis} for one; false when none came. */
  public boolean acquire(long timeoutMillis) throws InterruptedException {
    if (tryAcquire()) {
      return true;
    }
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    synchronized (room) {
      waiters++;
      try {
        // A giver adds to the cells before it reads waiters, and this caller counts itself in
        // waiters before it looks at the cells again: one of the two sees the other.
        while (!tryAcquire()) {
          long left = end - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(room, left);
        }
        return true;
      } finally {
        waiters--;
      }
    }
  }

  /** Gives one slot back. */
  public void release() {
    given.increment();
    if (waiters > 0) {
      synchronized (room) {
        room.notifyAll();
      }
    }
  }

  /** Slots in use now (a moment's view). */
  public int inUse() {
    return (int) Math.max(0, callers.get(TAKEN) - given.sum());
  }

  private long refreshGiven() {
    long g = given.sum();
    return callers.accumulateAndGet(GIVEN_SEEN, g, Math::max);
  }
}
