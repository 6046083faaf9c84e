package io.meshage.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A future the node may complete on its event loop without running user code there. Its outcome
 * is decided by the first completion, on any thread, and is at once visible to {@code get},
 * {@code join}, {@code getNow} and {@code isDone}: a thread blocked in {@code get()} is woken by
 * the loop itself (the blocking caller's fast path). Everything else that hangs on the future —
 * callbacks, derived stages, {@code allOf}, {@code thenCompose} relays, other futures combined
 * with it — is completed by a task on the handler threads when the completion happens on the
 * loop, so no user code ever runs there. Completed on any other thread, it behaves as a plain
 * future. {@link #onSettled} lets a subclass act on the outcome once, on the completing thread.
 */
public class HandoffFuture<T> extends CompletableFuture<T> {
  private final EventLoop loop;
  private final Executor handlers;
  /** Holds the outcome from the first completion on; what blocked callers wait for. Never exposed. */
  private final CompletableFuture<T> outcome = new CompletableFuture<>();

  /**
   * @param loop the node's event loop: completions on it hand the dependents over
   * @param handlers the node's handler threads, where dependents then run
   */
  public HandoffFuture(EventLoop loop, Executor handlers) {
    this.loop = loop;
    this.handlers = handlers;
  }

  /** Called once, on the thread of the first completion, before anybody is told; keep it short. */
  protected void onSettled(T value, Throwable error) {}

  /**
   * Whether dependents may be completed on the loop itself: only for futures never shown to
   * users, which a caller waits for in {@code get} and to which nobody attaches anything.
   */
  protected boolean completesOnLoop() {
    return false;
  }

  @Override
  public boolean complete(T value) {
    if (!outcome.complete(value)) {
      return false;
    }
    onSettled(value, null);
    if (handOver()) {
      handlers.execute(() -> super.complete(value));
      return true;
    }
    return super.complete(value);
  }

  @Override
  public boolean completeExceptionally(Throwable error) {
    if (!outcome.completeExceptionally(error)) {
      return false;
    }
    onSettled(null, error);
    if (handOver()) {
      handlers.execute(() -> super.completeExceptionally(error));
      return true;
    }
    return super.completeExceptionally(error);
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    CancellationException c = new CancellationException();
    if (!outcome.completeExceptionally(c)) {
      return false;
    }
    onSettled(null, c);
    if (handOver()) {
      handlers.execute(() -> super.completeExceptionally(c));
      return true;
    }
    return super.completeExceptionally(c);
  }

  private boolean handOver() {
    return loop.inLoop() && !completesOnLoop();
  }

  @Override
  public T get() throws InterruptedException, ExecutionException {
    return outcome.get();
  }

  @Override
  public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
    return outcome.get(timeout, unit);
  }

  @Override
  public T join() {
    return outcome.join();
  }

  @Override
  public T getNow(T valueIfAbsent) {
    return outcome.getNow(valueIfAbsent);
  }

  @Override
  public boolean isDone() {
    return outcome.isDone();
  }

  @Override
  public boolean isCompletedExceptionally() {
    return outcome.isCompletedExceptionally();
  }

  @Override
  public boolean isCancelled() {
    return outcome.isCancelled();
  }

  @Override
  public void obtrudeValue(T value) {
    outcome.obtrudeValue(value);
    super.obtrudeValue(value);
  }

  @Override
  public void obtrudeException(Throwable error) {
    outcome.obtrudeException(error);
    super.obtrudeException(error);
  }

  @Override
  public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
    // the plain version completes internally, past the outcome above
    executor.execute(() -> {
      try {
        complete(supplier.get());
      } catch (Throwable t) {
        completeExceptionally(t);
      }
    });
    return this;
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CompletableFuture<>();
  }

  @Override
  public Executor defaultExecutor() {
    return handlers;
  }
}
