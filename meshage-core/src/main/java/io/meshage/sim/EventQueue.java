package io.meshage.sim;

import java.util.ArrayList;
import java.util.PriorityQueue;

/**
 * The simulator's pending events, polled in exactly the order of a single priority queue (time,
 * then the seeded tie, then the sequence) but cheaper with millions of events: a calendar of
 * time buckets of about 131 µs each, where only the bucket being run is kept as a heap; events
 * past the calendar's 4.3 s horizon wait in a second heap. Single-threaded, like the simulator.
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
  // Every event of bucket `current` (and any earlier one), as a heap.
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
    if (now.isEmpty()) {
      advance();
    }
    return now.peek();
  }

  /** Removes and returns the next event, or null. */
  E poll() {
    E e = peek();
    if (e != null) {
      now.poll();
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

  /** Moves to the next bucket holding events (the current one is empty). */
  private void advance() {
    while (now.isEmpty() && size > 0) {
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
      ArrayList<E> list = buckets[(int) (next & MASK)];
      if (list != null) {
        now.addAll(list);
        list.clear();
      }
      while (!far.isEmpty() && (clock.timeOf(far.peek()) >> SHIFT) < current + BUCKETS) {
        place(far.poll());
      }
    }
  }
}
