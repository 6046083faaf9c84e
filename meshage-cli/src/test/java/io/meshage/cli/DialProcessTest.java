package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --dial} and {@code mesh dial} persist: before the peer exists, across its restart, until hangup. */
class DialProcessTest {
  private static final Duration STEP = Duration.ofSeconds(30);

  private static int freeTcpPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static NodeProcess node(Path dir, String name, String... more) throws IOException {
    List<String> args = new java.util.ArrayList<>(List.of(
        "node", "--name", name, "--bind", LocalNodes.LOOPBACK, "--discovery-port", "0"));
    args.addAll(List.of(more));
    return NodeProcess.start(name, dir, args.toArray(String[]::new));
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void aDialBeforeThePeerExistsJoinsItAndRejoinsAfterItsRestart(@TempDir Path dir) throws Exception {
    int port = freeTcpPort();
    String address = "127.0.0.1:" + port;
    try (NodeProcess a = node(dir, "a", "--dial", address)) {
      a.await(l -> l.startsWith("node a "), STEP);
      assertThat(a.await(l -> l.startsWith("dialing " + address), STEP)).contains("retrying until connected");
      assertThat(a.ask("mesh dials", STEP))
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .matches(address + " (waiting\\([^)]*\\)|dialing) - failures [1-9]\\d* last-error .*refused.*");

      try (NodeProcess b = node(dir, "b", "--port", String.valueOf(port))) {
        b.await(l -> l.startsWith("node b "), STEP);
        long started = System.nanoTime();
        assertThat(a.ask("mesh wait 2 10", STEP)).containsExactly("mesh size 2");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        assertThat(a.ask("mesh dials", STEP))
            .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
            .matches(address + " connected b failures 0 last-error cannot dial .*refused.*");
        b.terminate();
        b.awaitExit(STEP);
      }
      assertThat(a.ask("mesh wait 1 10", STEP)).containsExactly("mesh size 1");

      try (NodeProcess b = node(dir, "b", "--port", String.valueOf(port))) {
        b.await(l -> l.startsWith("node b "), STEP);
        assertThat(a.ask("mesh wait 2 10", STEP)).containsExactly("mesh size 2");
        assertThat(a.ask("mesh hangup b", STEP)).containsExactly("hung up b");
        assertThat(a.ask("mesh dials", STEP)).containsExactly("no dials");
        assertThat(a.ask("mesh wait 1 10", STEP)).containsExactly("mesh size 1");
      }
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aPeersHangupStopsTheRedialAndUndialKeepsTheLink(@TempDir Path dir) throws Exception {
    try (NodeProcess b = node(dir, "b"); NodeProcess c = node(dir, "c")) {
      String bAt = b.await(l -> l.startsWith("node b "), STEP).replaceAll(".* listening (\\S+) .*", "$1");
      String cAt = c.await(l -> l.startsWith("node c "), STEP).replaceAll(".* listening (\\S+) .*", "$1");
      try (NodeProcess a = node(dir, "a")) {
        a.await(l -> l.startsWith("node a "), STEP);
        assertThat(a.ask("mesh dial " + bAt, STEP)).containsExactly("connected to b");
        assertThat(a.ask("mesh dial " + cAt, STEP)).containsExactly("connected to c");
        assertThat(a.ask("mesh wait 3 10", STEP)).containsExactly("mesh size 3");
        assertThat(b.ask("mesh hangup a", STEP)).containsExactly("hung up a");
        assertThat(a.ask("mesh wait 2 10", STEP)).containsExactly("mesh size 2");
        List<String> dials = a.ask("mesh dials", STEP);
        assertThat(dials).containsExactlyInAnyOrder( // listed by address, and the ports are random
            bAt + " stopped b failures 0 last-error peer said bye: hangup by b",
            cAt + " connected c failures 0 last-error -");
        assertThat(a.ask("mesh undial c", STEP)).containsExactly("undialed c");
        assertThat(a.ask("mesh dials", STEP)).hasSize(1);
        assertThat(a.ask("mesh status", STEP)).contains("neighbours: c");
      }
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aBadDialExitsWithTwoAndTheReason(@TempDir Path dir) throws Exception {
    try (NodeProcess a = node(dir, "a", "--dial", "foo")) {
      assertThat(a.awaitExit(STEP)).isEqualTo(2);
    }
    assertThat(java.nio.file.Files.readString(dir.resolve("a.err")))
        .contains("--dial foo: address must be host:port, got 'foo'");
  }
}
