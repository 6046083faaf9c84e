package io.meshage.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.RemoteHandlerException;
import io.meshage.UnreachableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The command layer on real sockets: three nodes in a line on loopback, n0 - n1 - n2. */
@Timeout(60)
class MeshCommandsTcpTest {
  private static final int CMD = 10_001;
  private static final int RPC = 20_001;
  private final List<MeshNode> nodes = new ArrayList<>();

  @BeforeEach
  void line() throws Exception {
    for (int i = 0; i < 3; i++) {
      nodes.add(MeshNode.start(MeshConfig.local("t" + i).degree(0).discoveryPort(0)
          .ackTimeout(Duration.ofSeconds(10)).build()));
    }
    nodes.get(0).dial("127.0.0.1:" + nodes.get(1).listenAddress().getPort());
    nodes.get(1).dial("127.0.0.1:" + nodes.get(2).listenAddress().getPort());
    for (MeshNode n : nodes) {
      awaitMeshSize(n, 3);
    }
  }

  @AfterEach
  void close() {
    nodes.forEach(MeshNode::close);
  }

  private static void awaitMeshSize(MeshNode n, int size) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    n.onTopologyChange(mesh -> {
      if (mesh.size() >= size) {
        done.complete(null);
      }
    });
    if (n.mesh().size() >= size) {
      done.complete(null);
    }
    done.get(10, TimeUnit.SECONDS);
  }

  private static Throwable cause(CompletableFuture<?> f) throws Exception {
    try {
      f.get(20, TimeUnit.SECONDS);
      throw new AssertionError("did not fail");
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  @Test
  void requestRpcAndErrorsOverTwoHops() throws Exception {
    MeshCommands c0 = nodes.get(0).commands();
    MeshCommands c2 = nodes.get(2).commands();
    c2.handleCommand(CMD, (req, sender) -> {
      if (req.containsKey("fail")) {
        throw new IllegalArgumentException("bad move " + req.get("fail"));
      }
      return Map.of("sum", Payloads.getInt(req, "a") + Payloads.getInt(req, "b"), "from", sender);
    });
    c2.handleRpc(RPC, (p, s) -> p);
    assertThat(c0.sendRequest(CMD, "t2", Map.of("a", 2, "b", 3)).get(10, TimeUnit.SECONDS))
        .containsEntry("sum", 5).containsEntry("from", "t0");
    byte[] payload = new byte[100];
    payload[99] = 9;
    assertThat(c0.sendRpc(RPC, "t2", payload, Duration.ofSeconds(3)).get(10, TimeUnit.SECONDS))
        .isEqualTo(payload);
    assertThat(cause(c0.sendRequest(CMD, "t2", Map.of("fail", "e4"))))
        .isInstanceOf(RemoteHandlerException.class).hasMessageContaining("bad move e4");
    assertThat(cause(c0.sendRequest(CMD + 1, "t2", Map.of())))
        .isInstanceOf(NoSuchCommandException.class);
    c0.send(CMD, "t2", Map.of("a", 1, "b", 1)).get(10, TimeUnit.SECONDS);
  }

  @Test
  void requestToANodeThatClosesMidRequestIsUnreachableBeforeTheTimeout() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    nodes.get(2).commands().handleCommand(CMD, (req, sender) -> {
      entered.countDown();
      release.await(5, TimeUnit.SECONDS);
      return Map.of();
    });
    long start = System.nanoTime();
    CompletableFuture<Map<String, Object>> r =
        nodes.get(0).commands().sendRequest(CMD, "t2", Map.of(), Duration.ofSeconds(30));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    Thread closer = new Thread(() -> nodes.get(2).close());
    closer.start();
    Throwable t = cause(r);
    release.countDown();
    closer.join(10_000);
    assertThat(t).isInstanceOf(UnreachableException.class);
    assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(10).toNanos());
  }

  @Test
  void sendManyUsendAndClusterInfo() throws Exception {
    List<String> handled = java.util.Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<String> usendSeen = new CompletableFuture<>();
    for (MeshNode n : nodes) {
      n.commands().handleCommand(CMD, (req, sender) -> {
        handled.add(n.name());
        if (req.containsKey("unreliable")) {
          usendSeen.complete(n.name() + " from " + sender + ": " + req.get("unreliable"));
        }
        return null;
      });
    }
    nodes.get(0).commands().sendMany(CMD, List.of("t0", "t1", "t2"), Map.of(), 1)
        .get(10, TimeUnit.SECONDS);
    assertThat(handled).containsExactlyInAnyOrder("t0", "t1", "t2");

    CompletableFuture<Short> seen = new CompletableFuture<>();
    nodes.get(0).cluster().onSharedDataUpdate((k, v) -> seen.complete(v));
    nodes.get(2).cluster().setNodeType("match");
    nodes.get(2).cluster().setSharedData("round", (short) 12);
    assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo((short) 12);
    assertThat(nodes.get(0).cluster().sharedData("round")).isEqualTo(Optional.of((short) 12));
    assertThat(nodes.get(0).cluster().nodesByType("match")).containsExactly("t2");

    nodes.get(1).commands().usend(CMD, "t2", Map.of("unreliable", "hi"));
    assertThat(nodes.get(1).commands().stats().get(CommandCounter.USENDS)).isEqualTo(1);
    assertThat(usendSeen.get(5, TimeUnit.SECONDS)).isEqualTo("t2 from t1: hi");
    assertThat(handled).containsExactlyInAnyOrder("t0", "t1", "t2", "t2");
  }
}
