package io.meshage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fault decorator on real sockets: loss, partitions, duplicates, delay and dropped links, checked by verdicts. */
@Timeout(60)
class FaultInjectionTcpTest {
  private static final long SEED = Seeds.seed("FaultInjectionTcpTest");

  private static MeshConfig.Builder cfg(LoopbackMesh mesh, String name) {
    return mesh.config(name).degree(0).faultInjection(true).faultSeed(SEED).handlerThreads(1)
        .ackTimeout(Duration.ofMillis(600));
  }

  /** a - b - c on loopback, converged. */
  private static List<MeshNode> chain(LoopbackMesh mesh, String prefix) throws Exception {
    MeshNode a = mesh.start(cfg(mesh, prefix + "a"));
    MeshNode b = mesh.start(cfg(mesh, prefix + "b"));
    MeshNode c = mesh.start(cfg(mesh, prefix + "c"));
    a.dial("127.0.0.1:" + b.listenAddress().getPort());
    b.dial("127.0.0.1:" + c.listenAddress().getPort());
    List<MeshNode> nodes = List.of(a, b, c);
    assertThat(mesh.await(() -> LoopbackMesh.agree(nodes, Set.of(a.name(), b.name(), c.name())), Duration.ofSeconds(10)))
        .isTrue();
    return nodes;
  }

  @Test
  void lossGivesTimeoutsButNeverFalseDeliveries() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      List<MeshNode> n = chain(mesh, "l");
      List<Object> got = new CopyOnWriteArrayList<>();
      n.get(2).onMessage(m -> got.add(m.body()));
      n.get(0).faults().loss(0.2);
      Map<Integer, CompletableFuture<Delivery>> sent = new HashMap<>();
      for (int i = 0; i < 200; i++) {
        sent.put(i, n.get(0).setAsync(List.of("lc"), i));
      }
      int delivered = 0;
      int timedOut = 0;
      List<Integer> confirmed = new ArrayList<>();
      for (Map.Entry<Integer, CompletableFuture<Delivery>> e : sent.entrySet()) {
        if (e.getValue().get(10, TimeUnit.SECONDS).delivered().contains("lc")) {
          confirmed.add(e.getKey());
        }
      }
      // a handler may run just after its ACK went out: wait (bounded) for the confirmed ones
      assertThat(mesh.await(() -> got.containsAll(confirmed), Duration.ofSeconds(5))).isTrue();
      for (Map.Entry<Integer, CompletableFuture<Delivery>> e : sent.entrySet()) {
        Delivery d = e.getValue().get(10, TimeUnit.SECONDS);
        if (d.delivered().contains("lc")) {
          delivered++;
          assertThat(got).as("delivered %d was received", e.getKey()).contains(e.getKey());
        } else {
          assertThat(d.failed()).isEqualTo(Map.of("lc", Failure.TIMEOUT));
          timedOut++;
        }
      }
      n.get(0).faults().clear();
      assertThat(got).doesNotHaveDuplicates();
      assertThat(delivered).as("seed %d", SEED).isGreaterThan(100);
      assertThat(timedOut).as("seed %d", SEED).isGreaterThan(0);
      assertThat(n.get(0).stats().get(Counter.FAULT_DROPPED)).isGreaterThanOrEqualTo(timedOut);
    }
  }

  @Test
  void aPartitionTurnsTimeoutsIntoUnreachableAndHeals() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      List<MeshNode> n = chain(mesh, "p");
      MeshNode a = n.get(0);
      MeshNode b = n.get(1);
      a.faults().block(Set.of("pb", "pc"));
      b.faults().block(Set.of("pa"));
      n.get(2).faults().block(Set.of("pa"));
      Delivery early = a.setAsync(List.of("pc"), "early").get(10, TimeUnit.SECONDS);
      assertThat(early.delivered()).isEmpty();
      assertThat(early.failed()).containsKey("pc");
      assertThat(mesh.await(() -> a.mesh().size() == 1 && b.mesh().size() == 2, Duration.ofSeconds(10)))
          .as("keepalive notices the partition").isTrue();
      Delivery late = a.set(List.of("pc"), "late");
      assertThat(late.failed()).isEqualTo(Map.of("pc", Failure.UNREACHABLE));
      long silences = 0;
      for (MeshNode x : List.of(a, b)) {
        silences += x.stats().get(Counter.KEEPALIVE_TIMEOUTS) + x.stats().get(Counter.BUSY_LINK_TIMEOUTS)
            + x.stats().get(Counter.ADAPTIVE_TIMEOUTS);
      }
      assertThat(silences).as("found silent, not closed").isPositive();
      for (MeshNode x : n) {
        x.faults().heal();
      }
      a.dial("127.0.0.1:" + b.listenAddress().getPort());
      assertThat(mesh.await(() -> a.mesh().size() == 3, Duration.ofSeconds(10))).isTrue();
      assertThat(a.set(List.of("pc"), "healed").delivered()).containsExactly("pc");
    }
  }

  @Test
  void duplicatedFramesAreDeliveredOnceAndDelayKeepsOrder() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      List<MeshNode> n = chain(mesh, "d");
      List<Object> got = new CopyOnWriteArrayList<>();
      n.get(2).onMessage(m -> got.add(m.body()));
      n.get(1).faults().duplicate(1.0);
      n.get(0).faults().delay(Duration.ofMillis(1), Duration.ofMillis(20));
      List<CompletableFuture<Delivery>> sent = new ArrayList<>();
      List<Object> expected = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        sent.add(n.get(0).setAsync(List.of("dc"), i));
        expected.add(i);
      }
      for (CompletableFuture<Delivery> f : sent) {
        assertThat(f.get(10, TimeUnit.SECONDS).delivered()).containsExactly("dc");
      }
      assertThat(mesh.await(() -> got.size() >= expected.size(), Duration.ofSeconds(5))).isTrue();
      assertThat(got).containsExactlyElementsOf(expected);
      assertThat(n.get(2).stats().get(Counter.DATA_DUPLICATES)).isGreaterThanOrEqualTo(100);
    }
  }

  @Test
  void aDroppedLinkIsNoticedByThePeerAtOnce() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      List<MeshNode> n = chain(mesh, "x");
      assertThat(n.get(0).faults().dropLink("xb")).isTrue();
      assertThat(mesh.await(() -> !n.get(1).neighbors().contains("xa") && n.get(0).neighbors().isEmpty(),
          Duration.ofMillis(800))).as("well before the 1 s keepalive timeout").isTrue();
      assertThat(n.get(0).set(List.of("xc"), "gone").failed()).isEqualTo(Map.of("xc", Failure.UNREACHABLE));
    }
  }

  @Test
  void aNodeWithoutFaultInjectionSaysHowToTurnItOn() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      MeshNode plain = mesh.start("plain", 0);
      assertThatThrownBy(plain::faults).isInstanceOf(IllegalStateException.class).hasMessageContaining("faultInjection(true)");
    }
  }
}
