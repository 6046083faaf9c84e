package io.meshage.internal.sim;

import io.meshage.internal.EventLoop;

/** The event loop of one simulated node: virtual time, tasks run by the simulation. */
final class SimLoop implements EventLoop {
  private final SimClock clock;
  private final SimNode owner;
  private final Generation generation;

  SimLoop(SimClock clock, SimNode owner) {
    this.clock = clock;
    this.owner = owner;
    this.generation = new Generation(owner);
  }

  @Override
  public long nanoTime() {
    return owner.part.now;
  }

  @Override
  public void execute(Runnable task) {
    clock.schedule(owner, 0, generation.guard(task));
  }

  @Override
  public Cancellable schedule(Runnable task, long delayNanos) {
    boolean[] cancelled = new boolean[1];
    Runnable guarded = generation.guard(task);
    clock.schedule(owner, delayNanos, () -> {
      if (!cancelled[0]) {
        guarded.run();
      }
    });
    return () -> cancelled[0] = true;
  }

  @Override
  public boolean inLoop() {
    return true;
  }

  @Override
  public boolean isVirtual() {
    return true;
  }

  @Override
  public void shutdown() {
    generation.stop();
  }

  /** Tasks of one incarnation of a node; a restart must not run the old incarnation's timers. */
  private static final class Generation {
    private final SimNode owner;
    private final SimTransport transport;
    private boolean stopped;

    Generation(SimNode owner) {
      this.owner = owner;
      this.transport = owner.transport;
    }

    Runnable guard(Runnable task) {
      return () -> {
        if (!stopped && owner.transport == transport) {
          task.run();
        }
      };
    }

    void stop() {
      stopped = true;
    }
  }
}
