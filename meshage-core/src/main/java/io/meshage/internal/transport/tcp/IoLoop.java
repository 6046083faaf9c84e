package io.meshage.internal.transport.tcp;

import io.meshage.internal.EventLoop;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/**
 * What the TCP transport needs of the node's event loop: the loop thread waits in a selector, so
 * links read, decode and dispatch on it and write without blocking, saving the hand-offs to
 * reader and writer threads. Implemented by {@code io.meshage.internal.node.ThreadEventLoop}.
 */
public interface IoLoop {
  /** Runs {@code task} on the loop, after what is already queued; dropped once the loop stopped. */
  void execute(Runnable task);

  /** Runs {@code task} on the loop after {@code delayNanos}. */
  EventLoop.Cancellable schedule(Runnable task, long delayNanos);

  /** Whether the calling thread is the loop's thread. */
  boolean inLoop();

  /** Whether the loop still runs tasks (false once it was shut down). */
  boolean isRunning();

  /**
   * Registers a non-blocking {@code channel} with the loop's selector for {@code ops}; the loop
   * calls {@code ready} with the key whenever the channel is ready. Loop thread only.
   */
  SelectionKey register(SelectableChannel channel, int ops, Ready ready) throws IOException;

  /**
   * Runs {@code task} on the loop once the tasks queued now are done, before it waits for I/O
   * again: how writes of one batch of events go out as one. Loop thread only.
   */
  void beforeWait(Runnable task);

  /**
   * Runs the tasks queued so far, from a {@link Ready} callback that has read bytes and not yet
   * decoded them: whatever was posted before the peer sent those bytes (a caller's wait for the
   * answer, say) runs before they are handled, as when frames went through the task queue.
   */
  void runQueuedTasks();

  /** A registered channel's callback (loop thread). */
  interface Ready {
    void ready(SelectionKey key);
  }
}
