package io.meshage.internal.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs one time window of every partition, on up to {@code threads} threads (the caller's and
 * {@code threads - 1} workers), then hands each partition's events for the others over. The
 * partitions of a window do not depend on each other, so the result does not depend on the
 * number of threads or their timing. Used by the simulation's thread only.
 */
final class Windows {
  private final Partition[] parts;
  private final int threads;
  /**
   * A window after one of fewer events runs on the caller's thread alone: handing a short window
   * to another thread costs more than it saves (the result is the same either way).
   */
  private long small = 2_000;
  private ThreadPoolExecutor pool;
  private long lastEvents;
  // What ran how: windows, events and wall nanoseconds, on the caller's thread alone or on all;
  // for the parallel ones, how long the caller then waited for the other threads.
  private long soloWindows;
  private long soloEvents;
  private long soloNanos;
  private long sharedWindows;
  private long sharedEvents;
  private long sharedNanos;
  private long waitNanos;

  Windows(Partition[] parts, int threads) {
    this.parts = parts;
    this.threads = Math.max(1, Math.min(threads, parts.length));
  }

  /** Windows after one of fewer than {@code events} events run on the caller's thread (tests: 0). */
  void parallelFrom(long events) {
    small = events;
  }

  /** Runs every event due before {@code end} (exclusive) in every partition. */
  void run(long end) {
    long before = eventsRun();
    long t0 = System.nanoTime();
    boolean seq = threads == 1 || lastEvents < small;
    if (seq) {
      for (Partition p : parts) {
        runOne(p, end);
      }
    } else {
      List<Future<?>> running = new ArrayList<>(threads - 1);
      for (int t = 1; t < threads; t++) {
        int group = t;
        if (busy(group, end)) {
          running.add(pool().submit(() -> runGroup(group, end)));
        }
      }
      Throwable failed = null;
      try {
        runGroup(0, end);
      } catch (RuntimeException | Error e) {
        failed = e;
      }
      long waitFrom = System.nanoTime();
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (ExecutionException e) {
          failed = failed != null ? failed : e.getCause();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failed = failed != null ? failed : e;
        }
      }
      waitNanos += System.nanoTime() - waitFrom;
      if (failed instanceof RuntimeException r) {
        throw r;
      } else if (failed instanceof Error err) {
        throw err;
      } else if (failed != null) {
        throw new IllegalStateException("simulation window failed", failed);
      }
    }
    lastEvents = eventsRun() - before;
    if (seq) {
      soloWindows++;
      soloEvents += lastEvents;
      soloNanos += System.nanoTime() - t0;
    } else {
      sharedWindows++;
      sharedEvents += lastEvents;
      sharedNanos += System.nanoTime() - t0;
    }
    flush();
  }

  /** What ran on one thread and what on all, with wall times; see {@code SimClock.windowSummary()}. */
  String summary() {
    return String.format(
        "%d partitions on %d threads: %d windows on one thread (%d events, %d ms wall), %d on all (%d events, "
            + "%d ms wall, of which %d ms waiting for the slowest)",
        parts.length, threads, soloWindows, soloEvents, soloNanos / 1_000_000, sharedWindows, sharedEvents,
        sharedNanos / 1_000_000, waitNanos / 1_000_000);
  }

  private long eventsRun() {
    long n = 0;
    for (Partition p : parts) {
      n += p.eventsRun;
    }
    return n;
  }

  /** Hands the events that partitions (or the simulation's thread) left for others over. */
  void flush() {
    for (Partition p : parts) {
      p.flushTo(parts);
    }
  }

  private boolean busy(int group, long end) {
    for (int i = group; i < parts.length; i += threads) {
      if (!parts[i].idleBefore(end)) {
        return true;
      }
    }
    return false;
  }

  private void runGroup(int group, long end) {
    for (int i = group; i < parts.length; i += threads) {
      runOne(parts[i], end);
    }
  }

  private static void runOne(Partition p, long end) {
    Partition.CURRENT.set(p);
    try {
      p.runBefore(end);
    } finally {
      Partition.CURRENT.remove();
    }
  }

  private ThreadPoolExecutor pool() {
    if (pool == null) {
      pool = new ThreadPoolExecutor(threads - 1, threads - 1, 2, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "meshage-sim-partition");
        t.setDaemon(true);
        return t;
      });
      pool.allowCoreThreadTimeOut(true);
    }
    return pool;
  }
}
