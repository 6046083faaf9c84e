package io.meshage.internal.group;

import io.meshage.group.GroupError;
import io.meshage.group.GroupEvent;
import io.meshage.group.GroupException;
import io.meshage.group.GroupHook;
import io.meshage.group.GroupOperation;
import io.meshage.internal.LayerScheduler;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** The hooks of one operation and phase (before or after), run in order with a next(error) chain. */
final class HookChain {
  private final String name;
  private final List<GroupHook> hooks = new CopyOnWriteArrayList<>();
  private final Set<CompletableFuture<Void>> running = ConcurrentHashMap.newKeySet();

  private final GroupOperation operation;

  HookChain(String name, GroupOperation operation) {
    this.name = name;
    this.operation = operation;
  }

  void add(GroupHook hook) {
    if (hook == null) {
      throw new IllegalArgumentException(name + " hook must not be null");
    }
    hooks.add(hook);
  }

  /**
   * Runs every hook in order; completes normally when the last called next(null), exceptionally
   * with a {@link GroupException} (REFUSED_BY_HOOK) when one passed an error, threw, or did not call
   * next within {@code timeoutNanos}.
   */
  CompletableFuture<Void> run(GroupEvent event, LayerScheduler scheduler, long timeoutNanos) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    running.add(done);
    done.whenComplete((v, e) -> running.remove(done));
    step(List.copyOf(hooks), 0, event, scheduler, timeoutNanos, done);
    return done;
  }

  /** Fails the chains still running (the node closes: their timeouts would never fire). */
  void closed(String node) {
    GroupException e = new GroupException(operation, GroupError.CLOSED,
        "node " + node + " closed while a " + name + " hook was running");
    for (CompletableFuture<Void> f : List.copyOf(running)) {
      f.completeExceptionally(e);
    }
  }

  private void step(List<GroupHook> list, int i, GroupEvent event, LayerScheduler scheduler,
      long timeoutNanos, CompletableFuture<Void> done) {
    if (i == list.size()) {
      done.complete(null);
      return;
    }
    AtomicBoolean called = new AtomicBoolean();
    Runnable cancel =
        scheduler.schedule(
            () -> {
              if (called.compareAndSet(false, true)) {
                done.completeExceptionally(refused(i, event,
                    new IllegalStateException("hook did not call next within "
                        + timeoutNanos / 1_000_000 + " ms")));
              }
            },
            timeoutNanos);
    GroupHook.Next next =
        error -> {
          if (!called.compareAndSet(false, true)) {
            return;
          }
          cancel.run();
          if (error != null) {
            done.completeExceptionally(refused(i, event, error));
          } else {
            step(list, i + 1, event, scheduler, timeoutNanos, done);
          }
        };
    try {
      list.get(i).handle(event, next);
    } catch (RuntimeException e) {
      next.next(e);
    }
  }

  private GroupException refused(int i, GroupEvent event, Throwable error) {
    String why = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
    return new GroupException(event.operation(), GroupError.REFUSED_BY_HOOK,
        name + " hook #" + (i + 1) + " refused " + event.operation().name().toLowerCase()
            + (event.groupId() == null ? "" : " of group " + event.groupId()) + " for member "
            + event.member().uid() + ": " + why, error);
  }
}
