package io.meshage.internal;

import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;

/**
 * The clock, timers and handler threads the layers on top of a node (groups, notifications) run
 * on: the node's event-loop clock (virtual time in the simulator) and its handler executor.
 * {@code MeshNode} builds it for them.
 */
public interface LayerScheduler {
  /** Current time in nanoseconds on the node's clock. */
  long nanoTime();

  /** Runs {@code task} off the event loop after {@code delayNanos}; the result cancels it. */
  Runnable schedule(Runnable task, long delayNanos);

  /** Runs {@code task} soon, off the event loop. */
  void execute(Runnable task);

  /** A scheduler from a clock, a timer (task, delay in ns) returning its cancel, and an executor. */
  static LayerScheduler of(LongSupplier clock, BiFunction<Runnable, Long, Runnable> timer,
      Executor executor) {
    return new LayerScheduler() {
      @Override
      public long nanoTime() {
        return clock.getAsLong();
      }

      @Override
      public Runnable schedule(Runnable task, long delayNanos) {
        return timer.apply(task, delayNanos);
      }

      @Override
      public void execute(Runnable task) {
        executor.execute(task);
      }
    };
  }
}
