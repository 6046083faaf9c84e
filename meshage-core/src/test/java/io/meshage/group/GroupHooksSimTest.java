package io.meshage.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Before and after hooks: registration order, next(error) stops the chain, async next, timeouts. */
@Timeout(60)
class GroupHooksSimTest {
  private static final Duration TTL = Duration.ofSeconds(60);

  @Test
  void hooksRunInOrderAndAnErrorStopsTheChainAndTheOperation() {
    GroupSim g = GroupSim.of(3, 11);
    Groups n1 = g.groups("n1");
    List<String> ran = new ArrayList<>();
    n1.beforeJoin((e, next) -> {
      ran.add("b1:" + e.member().uid());
      next.next(null);
    });
    n1.beforeJoin((e, next) -> {
      ran.add("b2");
      next.next(e.member().uid().equals("mallory") ? new IllegalStateException("banned") : null);
    });
    n1.beforeJoin((e, next) -> {
      ran.add("b3");
      next.next(null);
    });
    n1.afterJoin((e, next) -> {
      ran.add("a1:" + e.groupId().endsWith("-n0"));
      next.next(null);
    });
    Inbox aliceGot = new Inbox();
    Member alice = g.groups("n0").member("alice", "s", aliceGot);
    String id = g.await(g.groups("n0").create(alice, false, true, TTL, Duration.ZERO));

    g.await(n1.join(id, n1.member("bob", "s", new Inbox())));
    assertThat(ran).containsExactly("b1:bob", "b2", "b3", "a1:true");

    ran.clear();
    GroupException e = g.failure(n1.join(id, n1.member("mallory", "s", new Inbox()), 0, 1, new byte[] {1}));
    assertThat(e.reason()).isEqualTo(GroupError.REFUSED_BY_HOOK);
    assertThat(e.getCause()).hasMessage("banned");
    assertThat(e.getMessage()).contains("hook #2").contains("mallory");
    assertThat(ran).containsExactly("b1:mallory", "b2");
    assertThat(g.groups("n0").group(id).orElseThrow().members()).containsOnlyKeys("alice", "bob");
    g.runFor(Duration.ofMillis(100));
    assertThat(aliceGot.size()).isZero(); // no JOIN message from a refused join
  }

  @Test
  void nextMayBeCalledLaterAndAHookThatNeverCallsItTimesOut() {
    GroupSim g = GroupSim.of(2, 12, GroupConfig.builder().hookTimeout(Duration.ofSeconds(2)).build());
    Groups n0 = g.groups("n0");
    List<GroupHook.Next> parked = new ArrayList<>();
    List<String> after = new ArrayList<>();
    n0.beforeCreate((e, next) -> parked.add(next));
    n0.afterCreate((e, next) -> {
      after.add(e.groupId());
      next.next(null);
    });
    Member alice = n0.member("alice", "s", new Inbox());

    var later = n0.create(alice, false, true, TTL, Duration.ZERO);
    g.runFor(Duration.ofSeconds(1));
    assertThat(later).isNotDone();
    parked.get(0).next(null); // the hook finishes its work later, from elsewhere
    String id = g.await(later);
    assertThat(after).containsExactly(id);
    parked.get(0).next(new IllegalStateException("too late")); // a second call is ignored
    assertThat(n0.group(id)).isPresent();

    long start = g.sim.nanoTime();
    GroupException e = g.failure(n0.create(alice, false, true, TTL, Duration.ZERO));
    assertThat(e.reason()).isEqualTo(GroupError.REFUSED_BY_HOOK);
    assertThat(e.getMessage()).contains("did not call next within 2000 ms");
    assertThat(g.sim.nanoTime() - start)
        .isBetween(Duration.ofSeconds(2).toNanos(), Duration.ofMillis(2100).toNanos());
    assertThat(after).hasSize(1);

    var atClose = n0.create(alice, false, true, TTL, Duration.ZERO); // parked again
    g.sim.node("n0").close();
    GroupException closed = g.failure(atClose);
    assertThat(closed.reason()).isEqualTo(GroupError.CLOSED);
    assertThat(GroupException.isNewGroupError(closed)).isTrue();
  }

  @Test
  void broadcastAndLeaveHooksCanRefuseAndAfterHookErrorsFailTheOperation() {
    GroupSim g = GroupSim.of(3, 13);
    Inbox bobGot = new Inbox();
    Member alice = g.groups("n0").member("alice", "s", new Inbox());
    Member bob = g.groups("n2").member("bob", "s", bobGot);
    String id = g.await(g.groups("n0").create(alice, false, true, TTL, Duration.ZERO));
    g.await(g.groups("n2").join(id, bob));
    g.groups("n0").beforeBroadcast((e, next) ->
        next.next(e.message().length > 3 ? new IllegalArgumentException("too long") : null));
    List<String> afterBroadcast = new ArrayList<>();
    g.groups("n0").afterBroadcast((e, next) -> {
      afterBroadcast.add(e.member().uid() + ":" + e.cmd());
      next.next(null);
    });

    assertThat(g.failure(g.groups("n0").broadcast(id, alice, 0, 5, new byte[10], true)).reason())
        .isEqualTo(GroupError.REFUSED_BY_HOOK);
    g.await(g.groups("n0").broadcast(id, alice, 0, 6, new byte[2], true));
    g.runFor(Duration.ofMillis(100));
    assertThat(bobGot.of(GroupMessage.Kind.BROADCAST)).singleElement()
        .satisfies(m -> assertThat(m.cmd()).isEqualTo(6));
    assertThat(afterBroadcast).containsExactly("alice:6");

    g.groups("n2").beforeLeave((e, next) -> next.next(new IllegalStateException("stay")));
    assertThat(g.failure(g.groups("n2").leave(id, bob)).reason()).isEqualTo(GroupError.REFUSED_BY_HOOK);
    assertThat(g.groups("n2").groupIds(bob)).containsExactly(id);

    // An after hook's error fails the operation; what was done stays done.
    g.groups("n0").afterLeave((e, next) -> next.next(new IllegalStateException("audit log down")));
    GroupException e = g.failure(g.groups("n0").leave(id, alice));
    assertThat(e.reason()).isEqualTo(GroupError.REFUSED_BY_HOOK);
    assertThat(e.getMessage()).contains("after leave");
    assertThat(g.groups("n0").group(id).orElseThrow().members()).containsOnlyKeys("bob");
  }
}
