package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.Delivery;
import io.meshage.Failure;
import io.meshage.MeshNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hard crash: a {@code meshage node} child process is SIGKILLed (no shutdown hook, no BYE) while
 * sends to it are pending. The survivors drop it and those sends end UNCONFIRMED long before
 * the ACK and keepalive timeouts.
 */
class NodeCrashTest {
  private static final Duration STEP = Duration.ofSeconds(15);
  private static final Duration LONG = Duration.ofSeconds(60);
  private static final Pattern LISTENING = Pattern.compile(".* listening 127\\.0\\.0\\.1:(\\d+) .*");

  @Test
  @Timeout(value = 40, unit = TimeUnit.SECONDS)
  void survivorsDropASigkilledNodeAndItsPendingSendsEndUnconfirmed(@TempDir Path dir)
      throws Exception {
    String namespace = "k" + UUID.randomUUID().toString().substring(0, 8);
    NodeProcess victim =
        NodeProcess.start(
            "victim", dir,
            "node", "--name", "victim", "--namespace", namespace, "--degree", "0", "--port", "0",
            "--discovery-port", "0", "--broadcast", LocalNodes.LOOPBACK_BROADCAST,
            "--bind", LocalNodes.LOOPBACK);
    MeshNode a = null;
    MeshNode c = null;
    try {
      Matcher m = LISTENING.matcher(victim.await(l -> LISTENING.matcher(l).matches(), STEP));
      assertThat(m.matches()).isTrue();
      String address = LocalNodes.LOOPBACK + ":" + m.group(1);
      a = LocalNodes.start(patient("crash-a", namespace));
      c = LocalNodes.start(patient("crash-c", namespace));
      a.dial(address);
      c.dial(address);
      a.dial(LocalNodes.LOOPBACK + ":" + c.listenAddress().getPort());
      MeshNode fa = a;
      MeshNode fc = c;
      assertThat(LocalNodes.eventually(List.of(a, c),
          () -> fa.mesh().size() == 3 && fc.mesh().size() == 3, STEP)).isTrue();
      assertThat(a.set(List.of("victim"), "alive?").delivered()).containsExactly("victim");

      victim.stop();
      CompletableFuture<Delivery> fromA = a.setAsync(List.of("victim"), "pending from a");
      CompletableFuture<Delivery> fromC = c.setAsync(List.of("victim"), "pending from c");
      assertThatThrownBy(() -> fromA.get(300, TimeUnit.MILLISECONDS))
          .as("a stopped node ACKs nothing").isInstanceOf(TimeoutException.class);
      long t0 = System.nanoTime();
      int exit = victim.kill(STEP);

      Delivery da = fromA.get(10, TimeUnit.SECONDS);
      Delivery dc = fromC.get(10, TimeUnit.SECONDS);
      long verdictMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(exit).as("killed by SIGKILL").isEqualTo(128 + 9);
      assertThat(da.delivered()).isEmpty();
      // Issue 30: both were handed to the victim's link (a stopped process may still have read
      // them): sent, fate unknown, reported as soon as the route vanished.
      assertThat(da.failed()).isEqualTo(Map.of("victim", Failure.UNCONFIRMED));
      assertThat(dc.delivered()).isEmpty();
      assertThat(dc.failed()).isEqualTo(Map.of("victim", Failure.UNCONFIRMED));
      assertThat(verdictMs).as("from the socket close, not the %s timeouts", LONG)
          .isLessThan(LONG.toMillis() / 4);
      assertThat(LocalNodes.eventually(List.of(a, c),
          () -> !fa.mesh().containsKey("victim") && !fc.mesh().containsKey("victim"), STEP)).isTrue();
      assertThat(a.neighbors()).containsExactly("crash-c");
      assertThat(a.set(List.of("crash-c"), "survivors still talk").delivered()).containsExactly("crash-c");
      System.out.println("SIGKILLed node: pending sends ended UNCONFIRMED " + verdictMs + " ms after the kill");
    } catch (AssertionError e) {
      Path err = dir.resolve("victim.err");
      if (Files.exists(err)) {
        System.err.println("--- victim stderr:\n" + Files.readString(err));
      }
      throw e;
    } finally {
      victim.close();
      if (a != null) {
        a.close();
      }
      if (c != null) {
        c.close();
      }
    }
  }

  private static io.meshage.MeshConfig.Builder patient(String name, String namespace) {
    return LocalNodes.config(name, 0).namespace(namespace).degree(0).ackTimeout(LONG)
        .keepaliveInterval(Duration.ofSeconds(1)).keepaliveTimeout(LONG);
  }
}
