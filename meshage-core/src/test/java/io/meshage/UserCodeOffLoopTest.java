package io.meshage;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.command.MeshCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * User code never runs on a node's event loop, also where the loop completes a future itself: a
 * verdict listener of a blocking {@code set} or {@code broadcast}, and callbacks that reach a call's future only
 * through JDK plumbing the node cannot see ({@code thenCompose} relays, {@code allOf},
 * {@code thenCombine} with another future). Each records the name of the thread it ran on.
 */
@Timeout(60)
class UserCodeOffLoopTest {
  private static final int COMMAND = 10_077;

  private static MeshNode[] pair(LoopbackMesh mesh) throws Exception {
    MeshNode a = mesh.start(mesh.config("off-a").degree(0));
    MeshNode b = mesh.start(mesh.config("off-b").degree(0));
    a.dial("127.0.0.1:" + b.listenAddress().getPort());
    assertThat(mesh.await(() -> a.mesh().size() == 2 && b.mesh().size() == 2, Duration.ofSeconds(10)))
        .isTrue();
    return new MeshNode[] {a, b};
  }

  @Test
  void verdictListenersOfBlockingSendsRunOffTheLoop() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      MeshNode[] ab = pair(mesh);
      Set<String> threads = ConcurrentHashMap.newKeySet();
      CountDownLatch heard = new CountDownLatch(4);
      ab[0].onVerdict((d, e, nanos) -> {
        threads.add(Thread.currentThread().getName());
        heard.countDown();
      });
      for (int i = 0; i < 2; i++) {
        assertThat(ab[0].set(List.of("off-b"), "m" + i).delivered()).containsExactly("off-b");
        assertThat(ab[0].broadcast("b" + i).delivered()).containsExactly("off-b");
      }
      assertThat(heard.await(10, TimeUnit.SECONDS)).isTrue();
      // the blocked caller's own thread as it wakes, or a handler thread; never the loop
      assertThat(threads).isNotEmpty()
          .allSatisfy(t -> assertThat(t).satisfiesAnyOf(
              n -> assertThat(n).startsWith("meshage-handler-"),
              n -> assertThat(n).isEqualTo(Thread.currentThread().getName())));
    }
  }

  @Test
  void callbacksHangingOnCallFuturesRunOffTheLoop() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      MeshNode[] ab = pair(mesh);
      ab[1].commands().handleCommand(COMMAND, (req, sender) -> Map.of("n", req.get("n")));
      MeshCommands c = ab[0].commands();
      Set<String> threads = ConcurrentHashMap.newKeySet();
      for (int round = 0; round < 20; round++) {
        CompletableFuture<Map<String, Object>> first = c.sendRequest(COMMAND, "off-b", Map.of("n", round));
        // registered before the answer can arrive: completed by whoever completes the call
        CompletableFuture<Void> composed = first
            .thenCompose(r -> c.sendRequest(COMMAND, "off-b", Map.of("n", 1)))
            .thenAccept(r -> threads.add(Thread.currentThread().getName()));
        CompletableFuture<Map<String, Object>> second = c.sendRequest(COMMAND, "off-b", Map.of("n", 2));
        CompletableFuture<Void> all = CompletableFuture.allOf(second)
            .thenRun(() -> threads.add(Thread.currentThread().getName()));
        CompletableFuture<Object> pending = new CompletableFuture<>();
        CompletableFuture<Void> combined = pending
            .thenCombine(c.sendRequest(COMMAND, "off-b", Map.of("n", 3)), (x, y) -> y)
            .thenAccept(r -> threads.add(Thread.currentThread().getName()));
        pending.complete("go");
        CompletableFuture.allOf(composed, all, combined).get(20, TimeUnit.SECONDS);
      }
      assertThat(threads).isNotEmpty().noneSatisfy(t -> assertThat(t).startsWith("meshage-loop-"));
    }
  }
}
