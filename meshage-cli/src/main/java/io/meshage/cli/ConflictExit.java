package io.meshage.cli;

import io.meshage.MeshNode;
import io.meshage.NameConflictException;
import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends the {@code meshage node} process with status 1 when the node loses its name after start:
 * a conflict found by the start's name check makes {@code MeshNode.start} throw, but one that
 * shows later (a holder that answers slowly, a partition that heals) only stops the node, and the
 * process would otherwise sit at its prompt or in {@code --no-console} with a dead node. Checks
 * {@link MeshNode#conflict()} every {@value #PERIOD_MILLIS} ms on one daemon thread.
 */
final class ConflictExit {

  static final long PERIOD_MILLIS = 100;

  private ConflictExit() {}

  static void watch(MeshNode node, PrintWriter err) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "meshage-conflict-watch-" + node.name());
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(
        () -> {
          NameConflictException conflict = node.conflict().orElse(null);
          if (conflict != null) {
            err.println("meshage: " + conflict.getMessage());
            err.flush();
            System.exit(1);
          }
        },
        PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }
}
