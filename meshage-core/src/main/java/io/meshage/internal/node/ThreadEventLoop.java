package io.meshage.internal.node;

import io.meshage.internal.EventLoop;
import io.meshage.internal.transport.tcp.IoLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The event loop of a node on real sockets: one daemon thread draining a lock-free task queue,
 * timers in a heap owned by that thread, the system's monotonic clock, and a selector in which
 * it waits, so that the node's TCP links are read and written on this thread ({@link IoLoop}).
 */
public final class ThreadEventLoop implements EventLoop, IoLoop {
  private static final Logger LOG = LogManager.getLogger(ThreadEventLoop.class);

  private final String name;
  private final long callerSpinNanos;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final ConcurrentLinkedQueue<Timer> foreignTimers = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean sleeping = new AtomicBoolean();
  private final AtomicLong wakeUps = new AtomicLong();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread thread;
  private final Selector selector;
  /**
   * What only the loop thread writes, in an object of its own, padded: other threads read this
   * object's fields on every {@link #execute}, and a line the loop writes per batch would move
   * to their vCPU each time.
   */
  private final LoopOwned own = new LoopOwned();
  private volatile boolean running = true;
  /** Tasks run between two readings of the recent clock; a power of two. */
  private static final int CLOCK_EVERY = 16;
  /** Tasks after which a busy loop runs its {@link #beforeWait} work (writes) anyway; a power of two. */
  private static final int FLUSH_EVERY = 64;

  private static final class Timer implements Comparable<Timer>, Cancellable {
    final long due;
    final long seq;
    /** Dropped on cancel: a cancelled timer waits in the heap until due but holds nothing of its task. */
    volatile Runnable task;
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
      task = null;
    }
  }

  public ThreadEventLoop(String name) {
    this(name, 0);
  }

  /**
   * @param callerSpinNanos how long a thread blocked on this loop's answer spins before it parks
   *     (see {@link #callerSpinNanos()})
   */
  public ThreadEventLoop(String name, long callerSpinNanos) {
    this.name = name;
    this.callerSpinNanos = callerSpinNanos;
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector for node " + name, e);
    }
    this.thread = new Thread(this::run, "meshage-loop-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public long callerSpinNanos() {
    return callerSpinNanos;
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public long recentNanoTime() {
    return inLoop() ? own.recentNanos : System.nanoTime();
  }

  /** The thread of this loop (counters it owns, say). */
  public Thread thread() {
    return thread;
  }

  @Override
  public void execute(Runnable task) {
    if (!running) {
      return;
    }
    tasks.add(task);
    if (sleeping.get() && sleeping.compareAndSet(true, false)) {
      wakeUp();
    }
  }

  @Override
  public void executeLazily(Runnable task, long withinNanos) {
    if (!running) {
      return;
    }
    tasks.add(task);
    // A loop that runs sees the task at its next poll; one that waits in select runs it when a
    // link it reads becomes readable, or by its next timer, unless that is too far away.
    if (sleeping.get() && System.nanoTime() + withinNanos - own.parkedUntil < 0
        && sleeping.compareAndSet(true, false)) {
      wakeUp();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public SelectionKey register(SelectableChannel channel, int ops, Ready ready) throws IOException {
    return channel.register(selector, ops, ready);
  }

  @Override
  public void runQueuedTasks() {
    Runnable task;
    int n = 0;
    while (running && (task = tasks.poll()) != null) {
      if ((n++ & (CLOCK_EVERY - 1)) == 0) {
        own.recentNanos = System.nanoTime();
      }
      runGuarded(task);
    }
  }

  @Override
  public void beforeWait(Runnable task) {
    own.beforeWait.add(task);
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
    if (sleeping.get() && t.due - own.parkedUntil < 0 && sleeping.compareAndSet(true, false)) {
      wakeUp();
    }
    return t;
  }

  /** Another thread wakes the waiting loop (it won the {@code sleeping} flag). */
  private void wakeUp() {
    wakeUps.incrementAndGet();
    selector.wakeup();
  }

  /** How many times other threads have woken this loop from its wait: for tests. */
  public long wakeUps() {
    return wakeUps.get();
  }

  private void addTimer(Timer t) {
    timers.add(new Timer(t.due, own.timerSeq++, () -> {
      Runnable task = t.task;
      if (!t.cancelled && task != null) {
        task.run();
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
    selector.wakeup();
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
          if ((n & (CLOCK_EVERY - 1)) == 0) {
            own.recentNanos = System.nanoTime();
          }
          runGuarded(task);
          if ((++n & (FLUSH_EVERY - 1)) == 0) {
            // A loop that never runs dry still writes what its tasks queued, and every 1,024
            // tasks runs its timers and reads its links (below) before it takes more tasks.
            runBeforeWait();
            if (n == 1024) {
              break;
            }
          }
        }
        runBeforeWait();
        long wait = runDueTimers();
        if (!running) {
          break;
        }
        if (!own.beforeWait.isEmpty()) {
          continue;
        }
        own.parkedUntil = System.nanoTime() + (wait < 0 ? Long.MAX_VALUE / 2 : wait);
        sleeping.set(true);
        if (tasks.isEmpty() && foreignTimers.isEmpty()) {
          if (wait < 0) {
            selector.select();
          } else {
            selector.select(Math.max(1, (wait + 999_999) / 1_000_000));
          }
        } else {
          selector.selectNow();
        }
        sleeping.set(false);
        own.recentNanos = System.nanoTime();
        dispatchSelected();
      }
    } catch (IOException e) {
      LOG.error("[{}] event loop selector failed", name, e);
    } finally {
      running = false;
      tasks.clear();
      timers.clear();
      for (SelectionKey k : selector.keys()) {
        closeQuietly(k.channel());
      }
      closeQuietly(selector);
      finished.countDown();
    }
  }

  private void dispatchSelected() {
    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
    while (it.hasNext()) {
      SelectionKey k = it.next();
      it.remove();
      if (k.isValid()) {
        try {
          ((Ready) k.attachment()).ready(k);
        } catch (RuntimeException | Error e) {
          LOG.error("[{}] event loop I/O task failed", name, e);
        }
      }
    }
  }

  /** Runs what waits for the end of the batch, including what that adds. */
  private void runBeforeWait() {
    while (!own.beforeWait.isEmpty()) {
      List<Runnable> now = own.beforeWait;
      own.beforeWait = own.beforeWaitSpare;
      for (Runnable r : now) {
        runGuarded(r);
      }
      now.clear();
      own.beforeWaitSpare = now;
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing anyway
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
      own.recentNanos = now;
      Timer t = timers.peek();
      if (t.due > now) {
        return t.due - now;
      }
      timers.poll();
      Runnable task = t.task;
      if (task != null) {
        runGuarded(task);
      }
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

/** Padding before {@link LoopOwnedFields}: superclass fields come first in an object. */
@SuppressWarnings("unused")
abstract class LoopOwnedPad {
  long p0, p1, p2, p3, p4, p5, p6, p7;
}

/** The fields only a {@link ThreadEventLoop}'s thread writes (others may read {@code parkedUntil}). */
abstract class LoopOwnedFields extends LoopOwnedPad {
  /** Work to run before the loop next waits for I/O ({@code beforeWait}). */
  List<Runnable> beforeWait = new ArrayList<>();
  List<Runnable> beforeWaitSpare = new ArrayList<>();
  long timerSeq;
  /** The clock read before the last few tasks ({@code recentNanoTime}). */
  long recentNanos;
  /**
   * When a parked loop wakes up by itself (nanoTime): written by the loop before each wait, read
   * by other threads that schedule (they wake the loop only when it would sleep past them).
   */
  volatile long parkedUntil;
}

/** {@link LoopOwnedFields} with padding after them. */
@SuppressWarnings("unused")
final class LoopOwned extends LoopOwnedFields {
  long q0, q1, q2, q3, q4, q5, q6, q7;
}
