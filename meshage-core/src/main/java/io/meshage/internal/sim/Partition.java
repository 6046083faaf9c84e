package io.meshage.internal.sim;

import io.meshage.routing.NameIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * One share of a simulation's nodes with its own event queue, virtual clock, tie-break stream,
 * random numbers and name table. A simulation of one partition runs every event in the order of
 * one queue. With several ({@link Simulator#partitions}), each runs the events of a time window
 * shorter than the smallest link delay on its own (on its own thread, or one after the other:
 * the result is the same), and what a node sends to another partition waits in an outbox until
 * the window ends: no frame, beacon or close reaches another node sooner than one link delay.
 *
 * <p>Threads: everything here is owned by the thread running the partition's window; the
 * simulation's thread touches it only between windows (outboxes are merged there).
 */
final class Partition {
  /** An event: due at {@code time}, ordered among equals by the seeded tie, then its origin. */
  record Event(long time, long tie, int from, long seq, SimNode owner, Runnable task)
      implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      int c = Long.compare(time, o.time);
      if (c != 0) {
        return c;
      }
      c = Long.compare(tie, o.tie);
      if (c != 0) {
        return c;
      }
      c = Integer.compare(from, o.from);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  /** The partition whose window the current thread runs, if any. */
  static final ThreadLocal<Partition> CURRENT = new ThreadLocal<>();

  final int index;
  /** Whether there are other partitions (and so events from one thread must stay in it). */
  private final boolean shared;
  final EventQueue<Event> events = new EventQueue<>(Event::time);
  final SplittableRandom ties;
  /** Loss, duplicates and link keys of this partition's events. */
  final Random random;
  /** The name table of this partition's nodes: a table is single-threaded. */
  final NameIds names;
  long now;
  private long seq;
  long eventsRun;
  long duplicated;
  /** Events for other partitions, by their index, created during the current window. */
  private final List<List<Event>> outbox = new ArrayList<>();
  /** Beacon deliveries being filled, by receiving partition, then by arrival time. */
  private final List<Map<Long, BeaconFanout>> fanouts = new ArrayList<>();

  Partition(int index, int count, SplittableRandom ties, Random random, NameIds names) {
    this.index = index;
    this.ties = ties;
    this.random = random;
    this.names = names;
    this.shared = count > 1;
    for (int i = 0; i < count; i++) {
      outbox.add(new ArrayList<>());
      fanouts.add(new HashMap<>());
    }
  }

  /** Schedules {@code task} at {@code time} in partition {@code to}, ordered by this one's tie stream. */
  void scheduleAt(Partition to, SimNode owner, long time, Runnable task) {
    if (shared) {
      Partition running = CURRENT.get();
      if (running != null && running != this) {
        throw new IllegalStateException(
            "an event of partition " + running.index + " acted on a node of partition " + index
                + " directly: in a partitioned simulation nodes reach each other only through links");
      }
    }
    Event e = new Event(Math.max(time, now), ties.nextLong(), index, seq++, owner, task);
    if (to == this) {
      events.add(e);
    } else {
      outbox.get(to.index).add(e);
    }
  }

  /** The beacon deliveries due in {@code to} at {@code at}, scheduled as one event on first use. */
  BeaconFanout fanout(Partition to, long at) {
    Map<Long, BeaconFanout> byTime = fanouts.get(to.index);
    BeaconFanout f = byTime.get(at);
    if (f == null) {
      BeaconFanout created = new BeaconFanout(to);
      byTime.put(at, created);
      boolean local = to == this;
      scheduleAt(to, null, at, () -> {
        if (local) {
          byTime.remove(at);
        }
        created.run();
      });
      f = created;
    }
    return f;
  }

  /** Between windows: hands this window's events for other partitions over to them. */
  void flushTo(Partition[] all) {
    for (int i = 0; i < all.length; i++) {
      if (i == index) {
        continue;
      }
      List<Event> out = outbox.get(i);
      for (Event e : out) {
        all[i].events.add(e);
      }
      out.clear();
      // every beacon arriving there was sent in this window (arrival is one link delay on)
      fanouts.get(i).clear();
    }
  }

  /** Whether this partition has no event due before {@code end}. */
  boolean idleBefore(long end) {
    Event e = events.peek();
    return e == null || e.time() >= end;
  }

  /** The time of the next event, or Long.MAX_VALUE. */
  long nextTime() {
    Event e = events.peek();
    return e == null ? Long.MAX_VALUE : e.time();
  }

  /** Runs every event due before {@code end} (exclusive). */
  void runBefore(long end) {
    while (true) {
      Event e = events.peek();
      if (e == null || e.time() >= end) {
        return;
      }
      step();
    }
  }

  /** Runs the next event. */
  void step() {
    Event e = events.poll();
    now = e.time();
    if (e.owner() == null) {
      eventsRun++;
      e.task().run();
    } else if (runsFor(e.owner())) {
      e.task().run();
    }
  }

  /**
   * Whether an event of {@code owner}'s runs now (it is alive and not frozen), counted as one
   * event run: also for each node that an event delivering to many nodes reaches.
   */
  boolean runsFor(SimNode owner) {
    if (!owner.alive || owner.frozen) {
      return false;
    }
    eventsRun++;
    return true;
  }

  /** A number in [0, bound) from the seeded tie-break stream. */
  int tieBreak(int bound) {
    return ties.nextInt(bound);
  }
}
