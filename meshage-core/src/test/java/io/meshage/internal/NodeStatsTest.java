package io.meshage.internal;

import io.meshage.Counter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class NodeStatsTest {
  @Test
  void anOwnedInstanceSumsTheOwnersAndOtherThreadsAdds() throws Exception {
    CompletableFuture<NodeStats> made = new CompletableFuture<>();
    CompletableFuture<Void> ownerGo = new CompletableFuture<>();
    Thread owner = new Thread(() -> {
      NodeStats s = made.join();
      ownerGo.join();
      for (int i = 0; i < 100_000; i++) {
        s.increment(Counter.DATA_SENT);
      }
      s.add(Counter.BYTES_OUT, 7);
    });
    NodeStats stats = NodeStats.ownedBy(owner);
    made.complete(stats);
    owner.start();
    List<Thread> others = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      Thread o = new Thread(() -> {
        for (int i = 0; i < 100_000; i++) {
          stats.increment(Counter.DATA_SENT);
        }
      });
      others.add(o);
      o.start();
    }
    ownerGo.complete(null);
    owner.join(TimeUnit.SECONDS.toMillis(10));
    for (Thread o : others) {
      o.join(TimeUnit.SECONDS.toMillis(10));
    }
    assertThat(stats.get(Counter.DATA_SENT)).isEqualTo(400_000);
    assertThat(stats.get(Counter.BYTES_OUT)).isEqualTo(7);
    assertThat(stats.snapshot()).containsEntry(Counter.DATA_SENT, 400_000L);
  }

  @Test
  void theSharedAndOneThreadKindsCount() {
    NodeStats shared = new NodeStats();
    NodeStats one = NodeStats.forOneThread();
    for (NodeStats s : List.of(shared, one)) {
      s.increment(Counter.DATA_SENT);
      s.add(Counter.DATA_SENT, 4);
      assertThat(s.get(Counter.DATA_SENT)).isEqualTo(5);
      assertThat(s.get(Counter.BYTES_OUT)).isZero();
    }
  }

  @Test
  void anOwnerIsRequired() {
    assertThatThrownBy(() -> NodeStats.ownedBy(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("owner");
  }
}
