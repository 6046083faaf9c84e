package io.meshage.internal;

import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The event loop of a node on real sockets: one daemon thread draining a lock-free task queue,
 * timers in a heap owned by that thread, the system's monotonic clock.
 */
public final class ThreadEventLoop implements EventLoop {
  private static final Logger LOG = LogManager.getLogger(ThreadEventLoop.class);

  private final String name;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final ConcurrentLinkedQueue<Timer> foreignTimers = new ConcurrentLinkedQueue<>();
  /** When a parked loop wakes up by itself (nanoTime), for {@link #schedule} from other threads. */
  private volatile long parkedUntil;
  private final AtomicBoolean sleeping = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;
  private long timerSeq;

  private static final class Timer implements Comparable<Timer>, Cancellable {
    final long due;
    final long seq;
    final Runnable task;
    volatile boolean cancelled;

    Timer(long due, long seq, Runnable task) {
      this.due = due;
      this.seq = seq;
      this.task = task;
    }

    @Override
    public int compareTo(Timer o) {
      int c = Long.compare(due, o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  public ThreadEventLoop(String name) {
    this.name = name;
    this.thread = new Thread(this::run, "meshage-loop-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public void execute(Runnable task) {
    if (!running) {
      return;
    }
    tasks.add(task);
    if (sleeping.get() && sleeping.compareAndSet(true, false)) {
      LockSupport.unpark(thread);
    }
  }

  @Override
  public Cancellable schedule(Runnable task, long delayNanos) {
    Timer t = new Timer(System.nanoTime() + Math.max(0, delayNanos), 0, task);
    if (inLoop()) {
      addTimer(t);
      return t;
    }
    // From another thread: hand the timer over without waking the loop, unless the loop sleeps
    // past its deadline (a call's timeout rarely is; waking the loop costs a vCPU wake-up).
    if (!running) {
      return t;
    }
    foreignTimers.add(t);
    if (sleeping.get() && t.due - parkedUntil < 0 && sleeping.compareAndSet(true, false)) {
      LockSupport.unpark(thread);
    }
    return t;
  }

  private void addTimer(Timer t) {
    timers.add(new Timer(t.due, timerSeq++, () -> {
      if (!t.cancelled) {
        t.task.run();
      }
    }));
  }

  @Override
  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  @Override
  public void shutdown() {
    running = false;
    LockSupport.unpark(thread);
  }

  /** Blocks the loop thread until {@code release} counts down: fault injection for tests. */
  public void freezeUntil(CountDownLatch release) {
    execute(
        () -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  /** Waits for the loop thread to finish after {@link #shutdown()}. */
  public boolean awaitTermination(long millis) throws InterruptedException {
    return finished.await(millis, TimeUnit.MILLISECONDS);
  }

  private void run() {
    try {
      while (running) {
        Runnable task;
        int n = 0;
        while (running && (task = tasks.poll()) != null) {
          runGuarded(task);
          if (++n == 1024) {
            runDueTimers();
            n = 0;
          }
        }
        long wait = runDueTimers();
        if (!running) {
          break;
        }
        parkedUntil = System.nanoTime() + (wait < 0 ? Long.MAX_VALUE / 2 : wait);
        sleeping.set(true);
        if (tasks.isEmpty() && foreignTimers.isEmpty()) {
          if (wait < 0) {
            LockSupport.park(this);
          } else {
            LockSupport.parkNanos(this, wait);
          }
        }
        sleeping.set(false);
      }
    } finally {
      tasks.clear();
      timers.clear();
      finished.countDown();
    }
  }

  /** Runs due timers; returns nanos until the next one, or -1 when none. */
  private long runDueTimers() {
    Timer foreign;
    while ((foreign = foreignTimers.poll()) != null) {
      addTimer(foreign);
    }
    while (!timers.isEmpty()) {
      long now = System.nanoTime();
      Timer t = timers.peek();
      if (t.due > now) {
        return t.due - now;
      }
      timers.poll();
      runGuarded(t.task);
    }
    return -1;
  }

  private void runGuarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      LOG.error("[{}] event loop task failed", name, e);
    }
  }
}
