package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.Counter;
import io.meshage.MeshNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 30: {@code meshage node --name a} started while a live {@code a} holds the name in the
 * namespace is refused: an ERROR line at the default log level names the conflict and the
 * holder's address, and the process exits 1.
 */
class NameConflictCliTest {

  @Test
  @Timeout(value = 40, unit = TimeUnit.SECONDS)
  void aSecondNodeOfALiveNameIsRefusedWithAnErrorLine(@TempDir Path dir) throws Exception {
    int discovery = LocalNodes.freeUdpPort();
    try (MeshNode held = LocalNodes.start(LocalNodes.config("dup", discovery).degree(2));
        NodeProcess newcomer =
            NodeProcess.start(
                "newcomer", dir,
                "node", "--name", "dup", "--namespace", "test", "--degree", "2", "--port", "0",
                "--discovery-port", String.valueOf(discovery), "--broadcast", LocalNodes.LOOPBACK_BROADCAST,
                "--bind", LocalNodes.LOOPBACK)) {
      assertThat(newcomer.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
      String err = Files.readString(dir.resolve("newcomer.err"));
      assertThat(err).contains("ERROR").contains("name dup is held by another live instance")
          .contains("instance " + held.instance()).contains(":" + held.listenAddress().getPort());
      assertThat(held.stats().get(Counter.NAME_CONFLICTS)).isPositive();
      assertThat(held.conflict()).isEmpty();
    }
  }
}
