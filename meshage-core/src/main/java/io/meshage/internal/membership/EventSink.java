package io.meshage.internal.membership;

import io.meshage.MembershipEvent;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One membership listener's queue: events are handed over on the loop and run on the handler
 * threads one at a time, in order. A listener that falls {@value #MAX_QUEUED} events behind loses
 * the newest ones, with a warning, instead of growing the heap without bound.
 */
final class EventSink {
  private static final Logger LOG = LogManager.getLogger(EventSink.class);
  static final int MAX_QUEUED = 10_000;

  private final String self;
  private final Consumer<MembershipEvent> listener;
  private final Executor executor;
  private final ArrayDeque<MembershipEvent> queue = new ArrayDeque<>();
  private boolean running;
  private boolean warned;
  private volatile boolean closed;

  EventSink(String self, Consumer<MembershipEvent> listener, Executor executor) {
    this.self = self;
    this.listener = listener;
    this.executor = executor;
  }

  void offer(MembershipEvent e) {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (queue.size() >= MAX_QUEUED) {
        if (!warned) {
          warned = true;
          LOG.warn("[{}] a membership listener is {} events behind; dropping new ones", self, MAX_QUEUED);
        }
        return;
      }
      queue.add(e);
      if (running) {
        return;
      }
      running = true;
    }
    try {
      executor.execute(this::drain);
    } catch (RejectedExecutionException closing) {
      synchronized (this) {
        running = false;
        queue.clear();
      }
    }
  }

  private void drain() {
    while (true) {
      MembershipEvent e;
      synchronized (this) {
        e = queue.poll();
        if (e == null || closed) {
          running = false;
          queue.clear();
          return;
        }
        warned = false;
      }
      try {
        listener.accept(e);
      } catch (RuntimeException ex) {
        LOG.warn("[{}] membership listener failed on {}: {}", self, e, ex.toString());
      }
    }
  }

  void close() {
    closed = true;
  }
}
