package io.meshage.internal.sim;

import io.meshage.routing.NameIds;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The virtual clock of a simulation and the runs that move it: the nodes' events in one queue
 * per partition ({@link Partition}; with several, run window by window, see {@link WindowClock}),
 * the simulation's own events, and the tasks given to {@link #at}. Owned by the simulation's
 * thread (the calling thread); the partitions' threads touch only their partitions, inside a window.
 */
public final class SimClock {
  /** A task given to {@link #at}: due at {@code time}, in the order given among equals. */
  private record Task(long time, long seq, Runnable run) implements Comparable<Task> {
    @Override
    public int compareTo(Task o) {
      int c = Long.compare(time, o.time);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final long seed;
  /** The nodes' shares of the simulation; one unless {@link #split} says more. */
  Partition[] parts;
  private Windows windows;
  /** With several partitions: the simulation's own time and events (each partition keeps its own). */
  private WindowClock windowClock;
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private long taskSeq;

  /** {@code random} is partition 0's random numbers and the simulation's own (one stream, as it always was). */
  SimClock(long seed, Random random) {
    this.seed = seed;
    this.parts = new Partition[] {
        new Partition(0, 1, new SplittableRandom(seed ^ 0x5DEECE66DL), random, NameIds.shared())};
  }

  /** Whether nothing has been scheduled yet (no event, no own event, no task). */
  boolean untouched() {
    return parts[0].idleBefore(Long.MAX_VALUE) && windowClock == null && tasks.isEmpty();
  }

  /** Splits the simulation into {@code count} partitions run on up to {@code threads} threads (see {@link Simulator#partitions}). */
  void split(int count, int threads, LongSupplier lookahead) {
    parts = new Partition[count];
    for (int i = 0; i < count; i++) {
      parts[i] = new Partition(i, count, new SplittableRandom((seed ^ 0x5DEECE66DL) + 0x9E3779B97F4A7C15L * (i + 1)),
          new Random(seed * 1_000_003L + i), NameIds.shared());
    }
    windows = new Windows(parts, threads);
    windowClock = new WindowClock(parts, windows, lookahead);
  }

  /** Tests: every window of several events runs on all threads, not only those after a busy one. */
  public void parallelWindowsFrom(long events) {
    if (windows != null) {
      windows.parallelFrom(events);
    }
  }

  /**
   * With several partitions: how many windows ran on one thread and how many on all, their
   * events and wall time (a window after one of few events runs on the caller's thread alone).
   */
  public String windowSummary() {
    return windows == null ? "1 partition" : windows.summary();
  }

  /** How many partitions the nodes are split into. */
  public int partitionCount() {
    return parts.length;
  }

  /** Virtual time since the start, in nanoseconds. */
  public long nanoTime() {
    return windowClock == null ? parts[0].now : windowClock.now();
  }

  /** Events executed so far: the nodes' and the simulation's own, not the tasks given to {@link #at}. */
  public long eventsRun() {
    long n = windowClock == null ? 0 : windowClock.ran();
    for (Partition p : parts) {
      n += p.eventsRun;
    }
    return n;
  }

  /** Schedules an event of {@code owner}'s, from its own partition, {@code delayNanos} from its now. */
  void schedule(SimNode owner, long delayNanos, Runnable task) {
    Partition p = owner.part;
    p.scheduleAt(p, owner, p.now + Math.max(0, delayNanos), task);
  }

  /**
   * Schedules an event of the simulation's own (no node's), {@code delayNanos} from now: with one
   * partition among the nodes' events by the seeded tie-break, with several before the nodes'
   * events of the same moment.
   */
  void scheduleOwn(long delayNanos, Runnable task) {
    if (windowClock == null) {
      Partition p = parts[0];
      p.scheduleAt(p, null, p.now + Math.max(0, delayNanos), task);
    } else {
      windowClock.schedule(delayNanos, task);
    }
  }

  /**
   * Runs {@code task} when a run reaches {@code timeNanos} of virtual time: after every node event
   * due by then, and before any later one; tasks of the same moment run in the order they were
   * given, one after the other (what one of them starts runs after the last). A task due at the
   * moment the clock stands at runs first thing in the next run; a run up to a moment ends with
   * the tasks due at it. On the simulation's thread: between runs, or from a task.
   */
  public void at(long timeNanos, Runnable task) {
    if (windowClock != null && Partition.CURRENT.get() != null) {
      throw new IllegalStateException("at: a node's event of a partitioned simulation cannot schedule a task");
    }
    long now = nanoTime();
    if (timeNanos < now) {
      throw new IllegalArgumentException(
          "at: time " + timeNanos + " ns is before the current time, " + now + " ns");
    }
    tasks.add(new Task(timeNanos, taskSeq++, task));
  }

  /** The time of the next task given to {@link #at}, or Long.MAX_VALUE. */
  private long nextTask() {
    Task t = tasks.peek();
    return t == null ? Long.MAX_VALUE : t.time();
  }

  /** Runs the tasks due by now, including those they add for now; whether {@code stop} then holds. */
  private boolean runTasks(BooleanSupplier stop) {
    while (!tasks.isEmpty() && tasks.peek().time() <= nanoTime()) {
      tasks.poll().run().run();
      if (stop.getAsBoolean()) {
        return true;
      }
    }
    return false;
  }

  /** Runs events for {@code d} of virtual time. */
  public void runFor(Duration d) {
    runUntilTime(nanoTime() + d.toNanos());
  }

  /**
   * Runs until {@code condition} holds or {@code max} passes: checked after each event and each
   * task, or with several partitions after each window (at most one link delay of virtual time).
   */
  public boolean runUntil(BooleanSupplier condition, Duration max) {
    long end = nanoTime() + max.toNanos();
    if (condition.getAsBoolean()) {
      return true;
    }
    while (true) {
      long task = nextTask();
      if (task <= nanoTime()) {
        if (runTasks(condition)) {
          return true;
        }
        continue;
      }
      if (eventsUntil(Math.min(task, end), condition)) {
        return true;
      }
      if (task > end) {
        break;
      }
      if (runTasks(condition) || task == end) {
        return condition.getAsBoolean();
      }
    }
    return condition.getAsBoolean();
  }

  /**
   * Runs until {@code condition} holds, checking it every {@code every} of virtual time (cheaper
   * than {@link #runUntil(BooleanSupplier, Duration)} for conditions that cost much to evaluate).
   */
  public boolean runUntil(BooleanSupplier condition, Duration every, Duration max) {
    long end = nanoTime() + max.toNanos();
    while (nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      runUntilTime(Math.min(end, nanoTime() + every.toNanos()));
    }
    return condition.getAsBoolean();
  }

  /** Runs every event and task due up to {@code end}, the tasks due at {@code end} last. */
  private void runUntilTime(long end) {
    while (true) {
      long task = nextTask();
      if (task > end) {
        eventsUntil(end, () -> false);
        return;
      }
      if (task > nanoTime()) {
        eventsUntil(task, () -> false);
      }
      runTasks(() -> false);
      if (task == end) {
        return;
      }
    }
  }

  /**
   * Runs the events due up to {@code end} (inclusive) and moves the clock there, unless {@code
   * stop} holds after an event (after a window with several partitions); whether it did.
   */
  private boolean eventsUntil(long end, BooleanSupplier stop) {
    if (windowClock == null) {
      Partition p = parts[0];
      while (!p.idleBefore(end + 1)) {
        p.step();
        if (stop.getAsBoolean()) {
          return true;
        }
      }
      p.now = Math.max(p.now, end);
      return false;
    }
    while (windowClock.advance(end)) {
      if (stop.getAsBoolean()) {
        return true;
      }
    }
    windowClock.moveTo(end);
    return false;
  }
}
