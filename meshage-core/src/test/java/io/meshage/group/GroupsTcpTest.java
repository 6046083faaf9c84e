package io.meshage.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Groups on real sockets: three nodes in a line on loopback, g0 - g1 - g2. */
@Timeout(60)
class GroupsTcpTest {
  private final List<MeshNode> nodes = new ArrayList<>();

  @BeforeEach
  void line() throws Exception {
    for (int i = 0; i < 3; i++) {
      MeshNode n = MeshNode.start(MeshConfig.local("g" + i).degree(0).discoveryPort(0)
          .keepaliveInterval(Duration.ofMillis(200)).keepaliveTimeout(Duration.ofSeconds(1))
          .ackTimeout(Duration.ofSeconds(5)).build());
      n.groups();
      nodes.add(n);
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
      if (mesh.size() == size) {
        done.complete(null);
      }
    });
    if (n.mesh().size() == size) {
      done.complete(null);
    }
    done.get(10, TimeUnit.SECONDS);
  }

  private static final class Queue implements MemberSink {
    final BlockingQueue<GroupMessage> got = new LinkedBlockingQueue<>();

    @Override
    public void deliver(GroupMessage message) {
      got.add(message);
    }

    GroupMessage next() throws InterruptedException {
      GroupMessage m = got.poll(10, TimeUnit.SECONDS);
      assertThat(m).as("no group message within 10 s").isNotNull();
      return m;
    }
  }

  @Test
  void joinBroadcastAndHolderLossOverTcp() throws Exception {
    Queue q0 = new Queue();
    Queue q1 = new Queue();
    Queue q2 = new Queue();
    Groups g0 = nodes.get(0).groups();
    Groups g1 = nodes.get(1).groups();
    Groups g2 = nodes.get(2).groups();
    g1.setOnRejoinCustomMessage((gid, uid, sid) -> ("back " + uid).getBytes(StandardCharsets.UTF_8));
    Member alice = g0.member("alice", "s0", q0);
    Member bob = g1.member("bob", "s1", q1);
    Member carol = g2.member("carol", "s2", q2);
    String id = g0.create(alice, false, true, Duration.ofSeconds(60), Duration.ofMillis(100))
        .get(10, TimeUnit.SECONDS);
    g1.join(id, bob).get(10, TimeUnit.SECONDS);
    g2.join(id, carol, 1, 2, "hello".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
    assertThat(q0.next().kind()).isEqualTo(GroupMessage.Kind.JOIN);
    assertThat(q1.next().uid()).isEqualTo("carol");

    GroupDelivery d = g2.broadcast(id, carol, 1, 3, new byte[] {7}, true).get(10, TimeUnit.SECONDS);
    assertThat(d.nodes()).containsExactly("g0", "g1");
    assertThat(d.isComplete()).isTrue();
    for (Queue q : List.of(q0, q1)) {
      GroupMessage m = q.next();
      assertThat(m.kind()).isEqualTo(GroupMessage.Kind.BROADCAST);
      assertThat(m.uid()).isEqualTo("carol");
      assertThat(m.message()).containsExactly(7);
    }
    assertThat(q2.got).isEmpty();

    nodes.get(0).close(); // the holder goes: g1 (first survivor by name) takes the group over
    GroupMessage rejoin = q2.next();
    assertThat(rejoin.kind()).isEqualTo(GroupMessage.Kind.REJOIN);
    assertThat(new String(rejoin.message(), StandardCharsets.UTF_8)).isEqualTo("back bob");
    assertThat(g2.group(id).orElseThrow().holder()).isEqualTo("g1");
    GroupDelivery after = g2.broadcast(id, carol, 1, 4, new byte[] {8}, true).get(10, TimeUnit.SECONDS);
    assertThat(after.nodes()).containsExactly("g1");
    assertThat(q1.next().cmd()).isEqualTo(4);
    g2.leave(id, carol).get(10, TimeUnit.SECONDS);
    assertThat(g1.group(id).orElseThrow().members()).containsOnlyKeys("bob");
  }
}
