package io.meshage.internal.facade;

import io.meshage.MeshException;
import io.meshage.MeshNode;
import io.meshage.MeshTimeoutException;
import io.meshage.internal.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * How a {@link MeshNode} call from a user thread reads or changes loop state: the task runs on the
 * node's event loop and the caller waits for it, at most 5 s (at once when already on the loop or
 * on virtual time, where the caller is the simulation thread).
 */
final class LoopCalls {
  private final EventLoop loop;
  private final String node;

  LoopCalls(EventLoop loop, String node) {
    this.loop = loop;
    this.node = node;
  }

  /** Runs {@code task} on the loop and returns its result; its exception is thrown here. */
  <T> T call(Supplier<T> task) {
    if (loop.inLoop() || loop.isVirtual()) {
      return task.get();
    }
    CompletableFuture<T> f = new CompletableFuture<>();
    loop.execute(
        () -> {
          try {
            f.complete(task.get());
          } catch (RuntimeException e) {
            f.completeExceptionally(e);
          }
        });
    try {
      return f.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof RuntimeException r ? r : new MeshException(c.getMessage(), c);
    } catch (TimeoutException e) {
      throw new MeshTimeoutException("node " + node + " did not answer within 5 s (frozen or closed?)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MeshException("interrupted");
    }
  }

  /** Runs {@code task} on the loop and waits for it to be done. */
  void run(Runnable task) {
    call(
        () -> {
          task.run();
          return null;
        });
  }

  /** Refuses a blocking call on virtual time, where it could never be answered. */
  void refuseOnVirtualTime(String call) {
    if (loop.isVirtual()) {
      throw new IllegalStateException(
          call + " blocks; in the simulator use the async form and run the simulation");
    }
  }
}
