package io.meshage.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Endpoints and OFFLINE on close on real sockets: three nodes in a line on loopback, e0 - e1 - e2. */
@Timeout(60)
class ClusterInfoTcpTest {
  private final List<MeshNode> nodes = new ArrayList<>();

  @BeforeEach
  void line() throws Exception {
    for (int i = 0; i < 3; i++) {
      nodes.add(MeshNode.start(MeshConfig.local("e" + i).degree(0).discoveryPort(0).build()));
    }
    nodes.get(0).dial("127.0.0.1:" + nodes.get(1).listenAddress().getPort());
    nodes.get(1).dial("127.0.0.1:" + nodes.get(2).listenAddress().getPort());
    CompletableFuture<Void> ready = new CompletableFuture<>();
    nodes.get(0).cluster().onReady(() -> ready.complete(null));
    ready.get(10, TimeUnit.SECONDS);
  }

  /** Re-checks {@code condition} on every topology change of e0, at least every 20 ms, for at most 10 s. */
  private boolean await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    Object changed = new Object();
    var sub = nodes.get(0).onTopologyChange(m -> {
      synchronized (changed) {
        changed.notifyAll();
      }
    });
    try {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      synchronized (changed) {
        while (!condition.getAsBoolean()) {
          if (System.nanoTime() > end) {
            return false;
          }
          changed.wait(20);
        }
      }
      return true;
    } finally {
      sub.close();
    }
  }

  @AfterEach
  void close() {
    nodes.forEach(MeshNode::close);
  }

  @Test
  void endpointsReachTheFarEndAndTheMeshEndpointIsDialable() throws Exception {
    ClusterInfo c0 = nodes.get(0).cluster();
    CompletableFuture<Node> seen = new CompletableFuture<>();
    c0.onUpdate(n -> {
      if (n.name().equals("e2") && "192.0.2.10:4000".equals(n.endpoint())) {
        seen.complete(n);
      }
    });
    nodes.get(2).cluster().setEndpoint("192.0.2.10:4000");
    Node e2 = seen.get(10, TimeUnit.SECONDS);
    assertThat(e2.meshEndpoint()).isEqualTo("127.0.0.1:" + nodes.get(2).listenAddress().getPort());
    // the MSA may be here a moment before the routes that make e2 reachable are published
    assertThat(await(() -> c0.nodeByEndpoint("192.0.2.10:4000").isPresent())).isTrue();
    assertThat(c0.nodeByEndpoint("192.0.2.10:4000")).contains("e2");
    assertThat(c0.nodesWithDifferentPublicAddress()).containsExactly("e2");
    assertThat(nodes.get(0).dial(e2.meshEndpoint())).isEqualTo("e2");
  }

  @Test
  void theMeshEndpointIsTheAdvertisedAddress() throws Exception {
    MeshNode adv = MeshNode.start(MeshConfig.local("e3").degree(0).discoveryPort(0).advertise("localhost").build());
    nodes.add(adv);
    String expected = "localhost:" + adv.listenAddress().getPort();
    assertThat(adv.cluster().meshEndpoint()).isEqualTo(expected);
    CompletableFuture<String> seen = new CompletableFuture<>();
    nodes.get(0).cluster().onUpdate(n -> {
      if (n.name().equals("e3")) {
        seen.complete(n.meshEndpoint());
      }
    });
    adv.dial("127.0.0.1:" + nodes.get(2).listenAddress().getPort());
    adv.cluster().setNodeValue("ready", true);
    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(expected);
    assertThat(await(() -> nodes.get(0).cluster().nodeByMeshEndpoint(expected).isPresent())).isTrue();
    assertThat(nodes.get(0).cluster().nodeByMeshEndpoint(expected)).contains("e3");
  }

  @Test
  void closeSendsOfflineAcrossTheMeshBeforeTheNodeLeaves() throws Exception {
    CompletableFuture<NodeStatus> seen = new CompletableFuture<>();
    nodes.get(0).cluster().onUpdate(n -> {
      if (n.name().equals("e2")) {
        seen.complete(n.status());
      }
    });
    long start = System.nanoTime();
    nodes.get(2).close();
    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(NodeStatus.OFFLINE);
    System.out.printf("e0 saw e2 OFFLINE %.1f ms after close() began%n", (System.nanoTime() - start) / 1e6);
    assertThat(nodes.get(2).cluster().status()).isEqualTo(NodeStatus.OFFLINE);
  }
}
