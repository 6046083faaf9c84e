package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C (SIGINT) on a piped node: it cancels the running command, the shell goes on, and idle it ends the node. */
class NodeInterruptTest {
  private static final Duration STEP = Duration.ofSeconds(15);

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void ctrlCCancelsTheRunningCommandAndTheShellGoesOn(@TempDir Path dir) throws Exception {
    try (NodeProcess node = NodeProcess.start("n1", dir, "node", "--name", "n1", "--bind", LocalNodes.LOOPBACK,
        "--discovery-port", "0", "--allow-shell", "--insecure-shell")) {
      node.await(l -> l.startsWith("node n1 "), STEP);
      node.send("shell echo started; sleep 30");
      assertThat(node.await(l -> true, STEP)).isEqualTo("started");
      node.interrupt();
      assertThat(node.await(l -> true, STEP)).isEqualTo("error: shell: cancelled");
      assertThat(node.ask("echo still here", STEP)).containsExactly("still here");
      node.interrupt();
      assertThat(node.awaitExit(STEP)).as("Ctrl-C at the prompt ends the node").isNotZero();
    }
  }
}
