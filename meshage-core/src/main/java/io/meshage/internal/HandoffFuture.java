package io.meshage.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A future the node may complete on its event loop without running user code there. Its outcome
 * is decided by the first completion, on any thread, and is at once visible to {@code get},
 * {@code join}, {@code getNow} and {@code isDone}: a thread blocked in {@code get()} is woken by
 * the loop itself (the blocking caller's fast path). Everything else that hangs on the future —
 * callbacks, derived stages, {@code allOf}, {@code thenCompose} relays, other futures combined
 * with it — and the subclass's {@link #afterSettled} work run off the loop: on the thread that was
 * blocked in {@code get} or {@code join}, once it wakes (a user's thread), or, when nobody was
 * waiting, in a task on the handler threads. Completed on any other thread, it runs them there.
 *
 * <p>Why nobody is forgotten: the loop settles the outcome and then reads the number of waiting
 * threads; a waiting thread lowers that number and then reads the outcome. Both accesses are
 * volatile, so at least one of them sees the other and runs (or hands over) the rest.
 */
public class HandoffFuture<T> extends CompletableFuture<T> {
  private final EventLoop loop;
  private final Executor handlers;
  /** Holds the outcome from the first completion on; what blocked callers wait for. Never exposed. */
  private final CompletableFuture<T> outcome = new CompletableFuture<>();
  /** Set by the first completion, which alone settles the outcome (after {@link #onSettled}). */
  private final AtomicBoolean won = new AtomicBoolean();
  /** Threads in {@code get} or {@code join} now. */
  private final AtomicInteger waiters = new AtomicInteger();
  /** Set by the one thread that runs {@link #afterSettled} and completes the dependents. */
  private final AtomicBoolean propagated = new AtomicBoolean();

  /**
   * @param loop the node's event loop: completions on it hand the dependents over
   * @param handlers the node's handler threads, where dependents then run
   */
  public HandoffFuture(EventLoop loop, Executor handlers) {
    this.loop = loop;
    this.handlers = handlers;
  }

  /**
   * Called once, on the thread of the first completion, before the outcome is visible to anybody
   * (so what it writes is seen by {@link #afterSettled}); keep it short, no user code.
   */
  protected void onSettled(T value, Throwable error) {}

  /** Called once, off the loop, before the dependents are completed: where user code of the subclass runs. */
  protected void afterSettled(T value, Throwable error) {}

  /** Whether {@link #afterSettled} has anything to do (else a {@link #completesOnLoop} future skips the hand-over). */
  protected boolean hasWorkAfterSettled() {
    return false;
  }

  /**
   * Whether dependents may be completed on the loop itself: only for futures never shown to
   * users, which a caller waits for in {@code get} and to which nobody attaches anything.
   */
  protected boolean completesOnLoop() {
    return false;
  }

  @Override
  public boolean complete(T value) {
    if (!won.compareAndSet(false, true)) {
      return false;
    }
    onSettled(value, null);
    outcome.complete(value);
    settled();
    return true;
  }

  @Override
  public boolean completeExceptionally(Throwable error) {
    if (!won.compareAndSet(false, true)) {
      return false;
    }
    onSettled(null, error);
    outcome.completeExceptionally(error);
    settled();
    return true;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    if (!won.compareAndSet(false, true)) {
      return false;
    }
    CancellationException c = new CancellationException();
    onSettled(null, c);
    outcome.completeExceptionally(c);
    settled();
    return true;
  }

  /** The outcome is in: the rest runs here, by a waiting thread, or on a handler thread. */
  private void settled() {
    if (!loop.inLoop() || (completesOnLoop() && !hasWorkAfterSettled())) {
      propagate();
    } else if (waiters.get() == 0) {
      handlers.execute(this::propagate);
    }
    // else a thread in get() or join() propagates as it wakes
  }

  /** Runs the work after the outcome and completes the dependents, once. */
  private void propagate() {
    if (!propagated.compareAndSet(false, true)) {
      return;
    }
    T value = null;
    Throwable error = null;
    try {
      value = outcome.join();
    } catch (CompletionException | CancellationException e) {
      error = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
    afterSettled(value, error);
    if (error == null) {
      super.complete(value);
    } else {
      super.completeExceptionally(error);
    }
  }

  /** After a wait: lowers the count, then propagates if the outcome is in (see the class comment). */
  private void waited() {
    waiters.decrementAndGet();
    if (outcome.isDone() && (!loop.inLoop() || loop.isVirtual())) {
      propagate();
    }
  }

  @Override
  public T get() throws InterruptedException, ExecutionException {
    waiters.incrementAndGet();
    try {
      SpinWait.briefly(outcome, loop.callerSpinNanos());
      return outcome.get();
    } finally {
      waited();
    }
  }

  @Override
  public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
    waiters.incrementAndGet();
    try {
      SpinWait.briefly(outcome, loop.callerSpinNanos());
      return outcome.get(timeout, unit);
    } finally {
      waited();
    }
  }

  @Override
  public T join() {
    waiters.incrementAndGet();
    try {
      SpinWait.briefly(outcome, loop.callerSpinNanos());
      return outcome.join();
    } finally {
      waited();
    }
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
