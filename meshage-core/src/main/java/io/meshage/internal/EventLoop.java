package io.meshage.internal;

/**
 * Where a node's state machine runs: a single logical thread with a clock and timers. Real nodes
 * get their own thread and the system clock; the simulator runs every node on one virtual clock.
 */
public interface EventLoop {
  /** Current time in nanoseconds on this loop's clock (monotonic; virtual in the simulator). */
  long nanoTime();

  /**
   * The loop's clock as read lately, for deadlines that need no better than millisecond
   * precision: on the loop, at most a few tasks old (at most 15 on real sockets, read before
   * them; it may lag by what those tasks took); exact elsewhere.
   */
  default long recentNanoTime() {
    return nanoTime();
  }

  /** Current time in milliseconds on this loop's clock. */
  default long millis() {
    return nanoTime() / 1_000_000L;
  }

  /** Runs {@code task} on the loop, after what is already queued. */
  void execute(Runnable task);

  /**
   * Runs {@code task} on the loop, after what is already queued, without waking a waiting loop
   * unless it would otherwise wait longer than {@code withinNanos}: for work that only has to be
   * in place before the loop next handles I/O (it runs the queued tasks before it decodes what a
   * link read returned), such as the ACK wait of a frame the caller is about to write itself.
   */
  default void executeLazily(Runnable task, long withinNanos) {
    execute(task);
  }

  /** Runs {@code task} on the loop after {@code delayNanos}; the result cancels it. */
  Cancellable schedule(Runnable task, long delayNanos);

  /** Whether the calling thread is this loop's thread (always true inside the simulator). */
  boolean inLoop();

  /** Whether time is virtual (the simulator): blocking calls are refused there. */
  default boolean isVirtual() {
    return false;
  }

  /**
   * How long a thread blocked on an answer this loop delivers spins before it parks
   * ({@code MeshConfig.callerSpin}; see {@link SpinWait}). Zero by default and in the simulator.
   */
  default long callerSpinNanos() {
    return 0;
  }

  /** Stops accepting tasks; queued tasks may be dropped. */
  void shutdown();

  /** A scheduled task that can be cancelled. */
  interface Cancellable {
    void cancel();
  }
}
