package io.meshage.internal.cluster;


import io.meshage.Subscription;
import io.meshage.internal.EventLoop;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Diarkis' {@code MarkServerAsTakenIf}: a condition checked every interval, off the event loop,
 * that makes this node TAKEN while it returns true and ONLINE when it returns false; ignored while
 * the node is OFFLINE. Stops when cancelled.
 */
final class TakenCondition implements Subscription {
  private static final Logger LOG = LogManager.getLogger(TakenCondition.class);

  private final LocalCluster cluster;
  private final EventLoop loop;
  private final Executor callbacks;
  private final BooleanSupplier condition;
  private final long intervalNanos;
  private volatile boolean cancelled;
  private EventLoop.Cancellable timer;

  TakenCondition(LocalCluster cluster, EventLoop loop, Executor callbacks, BooleanSupplier condition,
      long intervalNanos) {
    this.cluster = cluster;
    this.loop = loop;
    this.callbacks = callbacks;
    this.condition = condition;
    this.intervalNanos = intervalNanos;
  }

  /** Schedules the first check one interval from now. */
  void start() {
    loop.execute(this::schedule);
  }

  private void schedule() {
    if (!cancelled) {
      timer = loop.schedule(() -> callbacks.execute(this::check), intervalNanos);
    }
  }

  /** Off the loop: asks the condition and applies its answer, then schedules the next check. */
  private void check() {
    if (cancelled) {
      return;
    }
    try {
      boolean taken = condition.getAsBoolean();
      cluster.applyTaken(this, taken);
    } catch (RuntimeException e) {
      LOG.error("[{}] the markTakenIf condition failed; status left as is", cluster.self(), e);
    }
    loop.execute(this::schedule);
  }

  boolean isCancelled() {
    return cancelled;
  }

  @Override
  public void close() {
    cancelled = true;
    loop.execute(() -> {
      if (timer != null) {
        timer.cancel();
      }
    });
  }
}
