package io.meshage.internal.sim;

import java.util.Collection;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;

/**
 * The time of a simulation of several partitions: its own events (nodes added later), run
 * between windows, and the choice of each next window, up to one lookahead past the earliest
 * event of any partition and never past the simulation's next own event. Owned by the
 * simulation's thread.
 */
final class WindowClock {
  private final Partition[] parts;
  private final Windows windows;
  private final LongSupplier lookahead;
  private final PriorityQueue<Partition.Event> own = new PriorityQueue<>();
  private long seq;
  private long ran;
  private long now;

  WindowClock(Partition[] parts, Windows windows, LongSupplier lookahead) {
    this.parts = parts;
    this.windows = windows;
    this.lookahead = lookahead;
  }

  long now() {
    return now;
  }

  /** The simulation's own events run so far. */
  long ran() {
    return ran;
  }

  /** An event of the simulation's own, {@code delayNanos} from now. */
  void schedule(long delayNanos, Runnable task) {
    own.add(new Partition.Event(now + Math.max(0, delayNanos), 0, -1, seq++, null, task));
  }

  /**
   * Runs the simulation's own events of the next instant, or the next window of every partition
   * (up to {@code end}, inclusive); false when nothing is due by then.
   */
  boolean advance(long end) {
    windows.flush(); // what the simulation's thread did meanwhile (a crash closes links)
    long next = Long.MAX_VALUE;
    for (Partition p : parts) {
      next = Math.min(next, p.nextTime());
    }
    long mine = own.isEmpty() ? Long.MAX_VALUE : own.peek().time();
    if (Math.min(next, mine) > end) {
      return false;
    }
    if (mine <= next) {
      moveTo(mine);
      while (!own.isEmpty() && own.peek().time() == mine) {
        ran++;
        own.poll().task().run();
      }
      windows.flush();
      return true;
    }
    long windowEnd = Math.min(Math.min(next + lookahead.getAsLong(), mine), end + 1);
    windows.run(windowEnd);
    moveTo(windowEnd - 1);
    return true;
  }

  /** Moves every clock forward to {@code t} (no event before it is left). */
  void moveTo(long t) {
    now = Math.max(now, t);
    for (Partition p : parts) {
      p.now = Math.max(p.now, now);
    }
  }

  /**
   * The length of a window: one less than the smallest link delay, so that nothing sent in a
   * window (a frame, a beacon, a connection, a close) arrives in it.
   */
  static long lookahead(long defaultDelayNanos, Collection<Long> linkDelays) {
    long min = defaultDelayNanos;
    for (long d : linkDelays) {
      min = Math.min(min, d);
    }
    if (min < 2) {
      throw new IllegalStateException(
          "a partitioned simulation needs link delays of at least 2 ns (defaultDelay and delay), got " + min + " ns");
    }
    return min - 1;
  }
}
