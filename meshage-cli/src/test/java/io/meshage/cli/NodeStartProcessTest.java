package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The start line scripts parse, a node from a config file, and a node without a console. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeStartProcessTest {
  private static final Duration STEP = Duration.ofSeconds(15);

  @Test
  void theWildcardBindPrintsAsIpv4(@TempDir Path dir) throws Exception {
    try (NodeProcess n = NodeProcess.start("n", dir, "node", "--name", "n", "--discovery-port", "0")) {
      assertThat(n.await(l -> l.startsWith("node n "), STEP))
          .matches("node n namespace meshage listening 0\\.0\\.0\\.0:\\d+ discovery 0");
    }
  }

  @Test
  void anIpv6BindPrintsInBrackets(@TempDir Path dir) throws Exception {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
    } catch (java.io.IOException e) {
      Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
    }
    try (NodeProcess n = NodeProcess.start("n", dir, "node", "--name", "n", "--bind", "::1", "--discovery-port", "0")) {
      assertThat(n.await(l -> l.startsWith("node n "), STEP))
          .matches("node n namespace meshage listening \\[::1\\]:\\d+ discovery 0");
    }
  }

  @Test
  void aConfigFileStartsANodeWithoutAConsole(@TempDir Path dir) throws Exception {
    Path conf = Files.write(dir.resolve("node.conf"), List.of(
        "name = svc", "namespace = lab", "bind = 127.0.0.1", "discovery-port = 0", "no-console = true",
        "advertise = 127.0.0.1:40999"));
    try (NodeProcess svc = NodeProcess.start("svc", dir, "node", "--config", conf.toString(), "--degree", "2")) {
      String line = svc.await(l -> l.startsWith("node svc "), STEP);
      assertThat(line).matches("node svc namespace lab listening 127\\.0\\.0\\.1:\\d+ discovery 0 advertise 127\\.0\\.0\\.1:40999");
      String at = line.replaceAll(".* listening (\\S+) .*", "$1");
      try (NodeProcess a = NodeProcess.start("a", dir, "node", "--name", "a", "--bind", "127.0.0.1",
          "--discovery-port", "0", "--namespace", "lab")) {
        a.await(l -> l.startsWith("node a "), STEP);
        assertThat(a.ask("mesh dial " + at, STEP)).containsExactly("connected to svc");
        assertThat(a.ask("mesh wait 2 10", STEP)).containsExactly("mesh size 2");
        assertThat(a.ask("mesh send svc mesh degree", STEP)).containsExactly("svc: 2");
        svc.closeInput();
        assertThat(a.ask("mesh send svc mesh status", STEP)).contains("svc: name: svc");
      }
      svc.terminate();
      svc.awaitExit(STEP);
    }
  }
}
