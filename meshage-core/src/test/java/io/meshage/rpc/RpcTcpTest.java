package io.meshage.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.rpc.Arith.Args;
import io.meshage.rpc.Arith.Reply;
import io.meshage.rpc.Response.Status;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The RPC layer on real sockets (127.0.0.1, ephemeral ports, no discovery: nodes dial). */
@Timeout(60)
class RpcTcpTest {
  private final List<MeshNode> nodes = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  /** A service whose method blocks until the test ends: a target that never answers in time. */
  public final class Stuck {
    final CountDownLatch entered = new CountDownLatch(1);

    public int increment(int n) throws InterruptedException {
      entered.countDown();
      release.await(30, TimeUnit.SECONDS);
      return n + 1;
    }
  }

  @AfterEach
  void closeAll() {
    release.countDown();
    nodes.forEach(MeshNode::close);
  }

  private MeshNode start(String name) throws IOException {
    MeshNode n = MeshNode.start(MeshConfig.local(name).degree(0).discoveryPort(0).port(0).handlerThreads(2).build());
    nodes.add(n);
    return n;
  }

  private static void dial(MeshNode from, MeshNode to) throws IOException {
    from.dial("127.0.0.1:" + to.listenAddress().getPort());
  }

  /** Waits, on topology events, until every node reaches {@code count} others. */
  private void awaitMesh(int count) throws Exception {
    for (MeshNode n : nodes) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      n.onTopologyChange(mesh -> {
        if (n.broadcastRecipients().size() >= count) {
          done.complete(null);
        }
      });
      if (n.broadcastRecipients().size() >= count) {
        done.complete(null);
      }
      done.get(20, TimeUnit.SECONDS);
    }
  }

  /** A caller {@code a} linked to {@code b}, {@code c}, {@code d}. */
  private List<MeshNode> star() throws Exception {
    MeshNode a = start("a");
    for (String name : List.of("b", "c", "d")) {
      dial(a, start(name));
    }
    awaitMesh(3);
    return nodes;
  }

  private static Map<String, Status> statuses(List<? extends Response<?>> rs) {
    return rs.stream().collect(Collectors.toMap(Response::from, Response::status));
  }

  @Test
  void everyStatusOnLoopbackAndTheCallReturnsAtItsTimeout() throws Exception {
    star();
    nodes.get(0).rpc().register(new Arith("a"));
    BilateralRpc a = nodes.get(0).rpc();
    nodes.get(1).rpc().register(new Arith("b"));
    nodes.get(2).rpc().register("Arith", new Stuck());
    Duration timeout = Duration.ofMillis(400);
    long start = System.nanoTime();
    List<Response<Integer>> rs = a.call(List.of("b", "c", "d", "ghost"), "Arith.increment", 1, Integer.class, timeout);
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(rs).extracting(Response::from).containsExactly("b", "c", "d", "ghost");
    assertThat(statuses(rs))
        .containsEntry("b", Status.OK)
        .containsEntry("c", Status.TIMEOUT)
        .containsEntry("d", Status.NO_SUCH_METHOD)
        .containsEntry("ghost", Status.UNREACHABLE);
    assertThat(rs.get(0).value()).isEqualTo(2);
    assertThat(tookMs).isBetween(390L, 1_400L);
    List<Response<String>> thrown = a.call(List.of("b"), "Arith.fail", "closed", String.class, timeout);
    assertThat(thrown.get(0).status()).isEqualTo(Status.REMOTE_ERROR);
    assertThat(thrown.get(0).errorClass()).isEqualTo(IllegalStateException.class.getName());
    assertThat(thrown.get(0).error()).isEqualTo("refused on b: closed");
    List<Response<Reply>> wrong = a.call(List.of("b"), "Arith.sumDiff", 5, Reply.class, timeout);
    assertThat(wrong.get(0).status()).isEqualTo(Status.REMOTE_ERROR);
    assertThat(wrong.get(0).error()).contains("takes " + Args.class.getName()).contains("java.lang.Integer");
  }

  @Test
  void targetClosingMidCallIsUnreachableAtOnce() throws Exception {
    star();
    nodes.get(1).rpc().register(new Arith("b"));
    Stuck stuck = new Stuck();
    nodes.get(3).rpc().register("Arith", stuck);
    CompletableFuture<List<Response<Integer>>> f =
        nodes.get(0).rpc().callAsync(List.of("b", "d"), "Arith.increment", 1, Integer.class, Duration.ofSeconds(30));
    assertThat(stuck.entered.await(10, TimeUnit.SECONDS)).isTrue();
    long start = System.nanoTime();
    Thread closer = new Thread(nodes.get(3)::close, "close-d");
    closer.start();
    List<Response<Integer>> rs = f.get(10, TimeUnit.SECONDS);
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(statuses(rs)).containsEntry("b", Status.OK).containsEntry("d", Status.UNREACHABLE);
    assertThat(tookMs).isLessThan(5_000);
    release.countDown();
    closer.join(10_000);
  }

  @Test
  void modeFirstReturnsWithoutWaitingForASlowTarget() throws Exception {
    star();
    nodes.get(1).rpc().register(new Arith("b"));
    nodes.get(2).rpc().register("Arith", new Stuck());
    long start = System.nanoTime();
    List<Response<Integer>> rs = nodes.get(0).rpc()
        .call(List.of("c", "b"), "Arith.increment", 1, Integer.class, Duration.ofSeconds(20), ResponseMode.FIRST);
    assertThat(statuses(rs)).containsEntry("b", Status.OK).containsEntry("c", Status.PENDING);
    assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(5).toNanos());
  }

  @Test
  void concurrentCallersGetTheirOwnAnswers() throws Exception {
    star();
    for (MeshNode n : nodes) {
      n.rpc().register(new Arith(n.name())); // the caller too: every node registers the same types
    }
    BilateralRpc a = nodes.get(0).rpc();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 200; i++) {
            int n = thread * 1000 + i;
            List<Response<Reply>> rs =
                a.call(List.of(), "Arith.sumDiff", new Args(n, 1), Reply.class, Duration.ofSeconds(5));
            assertThat(rs).hasSize(3).allSatisfy(r -> assertThat(r.value()).isEqualTo(new Reply(n + 1, n - 1, r.from())));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(50, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(a.stats().get(RpcCounter.RESULTS_OK)).isEqualTo(8 * 200 * 3);
  }

  @Test
  void fiftyTargetsInATreeAllAnswer() throws Exception {
    MeshNode root = start("t00");
    root.rpc().register(new Arith(root.name()));
    for (int i = 1; i <= 50; i++) {
      MeshNode n = start(String.format("t%02d", i));
      n.rpc().register(new Arith(n.name()));
      dial(n, nodes.get((i - 1) / 3));
    }
    awaitMesh(50);
    List<Response<Reply>> rs =
        root.rpc().call(List.of(), "Arith.sumDiff", new Args(2, 1), Reply.class, Duration.ofSeconds(10));
    assertThat(rs).hasSize(50).allSatisfy(r -> {
      assertThat(r.status()).as("%s", r).isEqualTo(Status.OK);
      assertThat(r.value()).isEqualTo(new Reply(3, 1, r.from()));
    });
  }
}
