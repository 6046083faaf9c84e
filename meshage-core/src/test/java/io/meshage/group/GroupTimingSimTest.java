package io.meshage.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Time on the node's clock: TTL expiry of empty groups, batching by interval, onTick. */
@Timeout(60)
class GroupTimingSimTest {

  @Test
  void emptyAllowEmptyGroupExpiresAfterItsTtlAndAJoinResetsIt() {
    GroupSim g = GroupSim.of(3, 21);
    Groups n0 = g.groups("n0");
    Member alice = n0.member("alice", "s", new Inbox());
    String id = g.await(n0.create(alice, true, false, Duration.ofSeconds(20), Duration.ZERO));
    g.runFor(Duration.ofSeconds(15));
    Member bob = g.groups("n1").member("bob", "s", new Inbox());
    g.await(g.groups("n1").join(id, bob)); // not empty any more: the TTL stops
    g.runFor(Duration.ofSeconds(30));
    assertThat(n0.group(id)).isPresent();

    g.await(g.groups("n1").leave(id, bob)); // empty again: 20 s from now
    long emptySince = g.sim.nanoTime();
    assertThat(g.sim.runUntil(() -> n0.group(id).isEmpty(), Duration.ofSeconds(40))).isTrue();
    long lived = g.sim.nanoTime() - emptySince;
    assertThat(lived).isBetween(Duration.ofMillis(19_900).toNanos(), Duration.ofMillis(20_100).toNanos());
    assertThat(g.failure(g.groups("n1").join(id, bob)).reason()).isEqualTo(GroupError.NO_SUCH_GROUP);
  }

  @Test
  void broadcastsAreBatchedByTheGroupInterval() {
    GroupSim g = GroupSim.of(4, 22);
    Inbox far = new Inbox();
    Member alice = g.groups("n0").member("alice", "s", new Inbox());
    Member bob = g.groups("n3").member("bob", "s", far);
    String batched = g.await(g.groups("n0").create(alice, false, true, Duration.ofSeconds(60), Duration.ofMillis(500)));
    String direct = g.await(g.groups("n0").create(alice, false, true, Duration.ofSeconds(60), Duration.ZERO));
    g.await(g.groups("n3").join(batched, bob));
    g.await(g.groups("n3").join(direct, bob));
    g.runFor(Duration.ofMillis(100));
    assertThat(g.groups("n3").group(batched).orElseThrow().interval()).isEqualTo(Duration.ofMillis(500));

    GroupStats stats = g.groups("n0").stats();
    long sends = stats.get(GroupCounter.BATCH_SENDS);
    long start = g.sim.nanoTime();
    List<CompletableFuture<GroupDelivery>> fs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      fs.add(g.groups("n0").broadcast(batched, alice, 0, i, new byte[] {(byte) i}, true));
    }
    g.runFor(Duration.ofMillis(400));
    assertThat(far.size()).isZero(); // still buffered
    assertThat(g.sim.runUntil(() -> far.size() == 10, Duration.ofSeconds(2))).isTrue();
    assertThat(g.sim.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(500).toNanos());
    assertThat(stats.get(GroupCounter.BATCH_SENDS) - sends).isEqualTo(1); // ten messages, one send
    assertThat(far.got).extracting(GroupMessage::cmd).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    fs.forEach(f -> assertThat(g.await(f).isComplete()).isTrue());

    far.got.clear();
    sends = stats.get(GroupCounter.BATCH_SENDS);
    for (int i = 0; i < 10; i++) {
      g.groups("n0").broadcast(direct, alice, 0, i, new byte[] {(byte) i}, true);
    }
    assertThat(g.sim.runUntil(() -> far.size() == 10, Duration.ofSeconds(2))).isTrue();
    assertThat(stats.get(GroupCounter.BATCH_SENDS) - sends).isEqualTo(10); // interval 0: no batching
  }

  @Test
  void onTickRunsEveryIntervalWhileTheGroupExists() {
    GroupSim g = GroupSim.of(2, 23);
    Groups n0 = g.groups("n0");
    Member alice = n0.member("alice", "s", new Inbox());
    String id = g.await(n0.create(alice, false, true, Duration.ofSeconds(60), Duration.ZERO));
    List<Long> ticks = new ArrayList<>();
    long start = g.sim.nanoTime();
    n0.onTick(id, gid -> {
      assertThat(gid).isEqualTo(id);
      ticks.add((g.sim.nanoTime() - start) / 1_000_000);
    }, Duration.ofSeconds(1));
    g.runFor(Duration.ofMillis(3500));
    assertThat(ticks).containsExactly(1000L, 2000L, 3000L);
    g.await(n0.leave(id, alice)); // the group is discarded: ticks stop
    g.runFor(Duration.ofSeconds(3));
    assertThat(ticks).hasSize(3);
    GroupException e = org.assertj.core.api.Assertions.catchThrowableOfType(GroupException.class,
        () -> n0.onTick(id, gid -> {}, Duration.ofSeconds(1)));
    assertThat(e.reason()).isEqualTo(GroupError.NO_SUCH_GROUP);
  }
}
