package io.meshage.internal.group;

import io.meshage.internal.LayerScheduler;
import java.util.function.Consumer;

/** One onTick callback: re-armed on the node's scheduler until cancelled or the group is gone. */
final class GroupTicker {
  private final GroupTable table;
  private final LayerScheduler scheduler;
  private final GroupState st;
  private final Consumer<String> callback;
  private final long nanos;
  private Runnable timer;
  private boolean cancelled;

  GroupTicker(GroupTable table, LayerScheduler scheduler, GroupState st, Consumer<String> callback,
      long nanos) {
    this.table = table;
    this.scheduler = scheduler;
    this.st = st;
    this.callback = callback;
    this.nanos = nanos;
  }

  /** Under the table lock. */
  void arm() {
    timer = scheduler.schedule(this::fire, nanos);
  }

  private void fire() {
    synchronized (table) {
      if (cancelled || st.discarded) {
        return;
      }
      arm();
    }
    callback.accept(st.id);
  }

  /** Under the table lock. */
  void cancel() {
    cancelled = true;
    if (timer != null) {
      timer.run();
    }
  }
}
