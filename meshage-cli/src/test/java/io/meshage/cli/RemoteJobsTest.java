package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.command.MeshCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@code mesh send} start request asked again (same id: its answer was slow or lost) runs the
 * command once, whether the first is still running or has ended. Real sockets on 127.0.0.1.
 */
@Timeout(30)
class RemoteJobsTest {
  @Test
  void aStartRequestAskedAgainRunsTheCommandOnce() throws Exception {
    try (MeshNode a = MeshNode.start(MeshConfig.local("rj-a").degree(0).discoveryPort(0).port(0).build());
        MeshNode b = MeshNode.start(MeshConfig.local("rj-b").degree(0).discoveryPort(0).port(0).build())) {
      a.dial("127.0.0.1:" + b.listenAddress().getPort());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!a.broadcastRecipients().contains("rj-b") || !b.broadcastRecipients().contains("rj-a")) {
        assertThat(System.nanoTime()).as("linked").isLessThan(deadline);
        LockSupport.parkNanos(1_000_000);
      }
      AtomicInteger runs = new AtomicInteger();
      RemoteJobs jobs = new RemoteJobs("rj-b", b.commands(), (line, out) -> {
        runs.incrementAndGet();
        return new Reply(true, false, List.of("ran " + line));
      });
      b.commands().handleShellCommand((request, sender) -> {
        jobs.start(sender, ((Number) request.get(CommandRemoteShell.ID)).longValue(), (String) request.get(CommandRemoteShell.LINE));
        return Map.of();
      });
      Map<String, Object> run = Map.of(CommandRemoteShell.OP, "run", CommandRemoteShell.ID, 7L, CommandRemoteShell.LINE, "x");
      a.commands().sendRequest(MeshCommands.SHELL_COMMAND, "rj-b", run, Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
      while (!jobs.hasEnded("rj-a", 7)) {
        assertThat(System.nanoTime()).as("the command ended").isLessThan(deadline);
        LockSupport.parkNanos(1_000_000);
      }
      a.commands().sendRequest(MeshCommands.SHELL_COMMAND, "rj-b", run, Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
      Map<String, Object> other = Map.of(CommandRemoteShell.OP, "run", CommandRemoteShell.ID, 8L, CommandRemoteShell.LINE, "y");
      a.commands().sendRequest(MeshCommands.SHELL_COMMAND, "rj-b", other, Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
      while (!jobs.hasEnded("rj-a", 8)) {
        assertThat(System.nanoTime()).as("the other command ended").isLessThan(deadline);
        LockSupport.parkNanos(1_000_000);
      }
      assertThat(runs).as("runs of ids 7, 7 again and 8").hasValue(2);
      jobs.close();
    }
  }

  @Test
  void aStartRequestAskedAgainIsAcceptedWhenTheMostCommandsRunAndANewOneIsRefused() throws Exception {
    try (MeshNode b = MeshNode.start(MeshConfig.local("rj-c").degree(0).discoveryPort(0).port(0).build())) {
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      AtomicInteger runs = new AtomicInteger();
      RemoteJobs jobs = new RemoteJobs("rj-c", b.commands(), (line, out) -> {
        runs.incrementAndGet();
        try {
          release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new Reply(true, false, List.of());
      });
      for (long id = 1; id <= RemoteJobs.MAX_JOBS; id++) {
        jobs.start("rj-a", id, "wait");
      }
      jobs.start("rj-a", 3, "wait"); // asked again while it runs: accepted, not run again
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> jobs.start("rj-a", RemoteJobs.MAX_JOBS + 1, "wait"))
          .hasMessageContaining("already runs " + RemoteJobs.MAX_JOBS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (runs.get() < RemoteJobs.MAX_JOBS) {
        assertThat(System.nanoTime()).as("every command started").isLessThan(deadline);
        LockSupport.parkNanos(1_000_000);
      }
      assertThat(runs).hasValue(RemoteJobs.MAX_JOBS);
      release.countDown();
      jobs.close();
    }
  }
}
