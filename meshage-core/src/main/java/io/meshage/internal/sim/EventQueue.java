package io.meshage.internal.sim;

import java.util.ArrayList;
import java.util.PriorityQueue;

/**
 * The simulator's pending events, polled in exactly the order of a single priority queue (time,
 * then the seeded tie, then the sequence) but cheaper with millions of events: a calendar of
 * time buckets of about 131 µs each. The bucket being run is sorted once when it is reached
 * (a beacon puts thousands of events into one bucket, and a sort reads them in allocation order
 * where a heap would jump around); events added to it while it runs wait in a small heap, and
 * each poll takes the smaller of the two heads. Events past the calendar's 4.3 s horizon wait in
 * a second heap. Single-threaded, like the simulator.
 */
final class EventQueue<E extends Comparable<E>> {
  /** The time of an event, in virtual nanoseconds. */
  interface Clock<E> {
    long timeOf(E e);
  }

  private static final int SHIFT = 17;
  private static final int BUCKETS = 1 << 15;
  private static final int MASK = BUCKETS - 1;

  private final Clock<E> clock;
  @SuppressWarnings("unchecked")
  private final ArrayList<E>[] buckets = new ArrayList[BUCKETS];
  // The bucket `current`, sorted, and how far it has been polled.
  private ArrayList<E> run = new ArrayList<>();
  private int runPos;
  // Events of bucket `current` added after it was sorted, as a heap.
  private final PriorityQueue<E> now = new PriorityQueue<>();
  // Events at or past current + BUCKETS.
  private final PriorityQueue<E> far = new PriorityQueue<>();
  private long current;
  private int size;

  EventQueue(Clock<E> clock) {
    this.clock = clock;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void add(E e) {
    size++;
    place(e);
  }

  /** The next event, or null. */
  E peek() {
    if (runPos == run.size() && now.isEmpty()) {
      advance();
    }
    E sorted = runPos < run.size() ? run.get(runPos) : null;
    E added = now.peek();
    if (sorted == null) {
      return added;
    }
    return added != null && added.compareTo(sorted) < 0 ? added : sorted;
  }

  /** Removes and returns the next event, or null. */
  E poll() {
    E e = peek();
    if (e != null) {
      if (runPos < run.size() && run.get(runPos) == e) {
        run.set(runPos++, null);
      } else {
        now.poll();
      }
      size--;
    }
    return e;
  }

  private void place(E e) {
    long b = clock.timeOf(e) >> SHIFT;
    if (b <= current) {
      now.add(e);
    } else if (b < current + BUCKETS) {
      int i = (int) (b & MASK);
      ArrayList<E> list = buckets[i];
      if (list == null) {
        list = new ArrayList<>();
        buckets[i] = list;
      }
      list.add(e);
    } else {
      far.add(e);
    }
  }

  /** Moves to the next bucket holding events (the current one is drained). */
  private void advance() {
    while (runPos == run.size() && now.isEmpty() && size > 0) {
      long next = -1;
      for (long b = current + 1; b < current + BUCKETS; b++) {
        ArrayList<E> list = buckets[(int) (b & MASK)];
        if (list != null && !list.isEmpty()) {
          next = b;
          break;
        }
      }
      if (next < 0) {
        next = clock.timeOf(far.peek()) >> SHIFT;
      }
      current = next;
      // the drained list becomes the bucket's empty list; the bucket's events become the run
      ArrayList<E> drained = run;
      drained.clear();
      int i = (int) (next & MASK);
      run = buckets[i] != null ? buckets[i] : new ArrayList<>();
      buckets[i] = drained;
      runPos = 0;
      while (!far.isEmpty() && (clock.timeOf(far.peek()) >> SHIFT) < current + BUCKETS) {
        place(far.poll());
      }
      run.sort(null);
    }
  }
}
