package io.meshage.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.command.NodeStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Create, join, leave, broadcast and announce on a small simulated mesh, with their errors. */
@Timeout(60)
class GroupsSimTest {
  private static final Duration TTL = Duration.ofSeconds(60);

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void createFollowsDiarkisRules() {
    GroupSim g = GroupSim.of(3, 1);
    Groups n0 = g.groups("n0");
    Member alice = n0.member("alice", "s1", new Inbox());
    assertThat(g.failure(n0.create(alice, true, true, Duration.ofSeconds(10), Duration.ZERO)).reason())
        .isEqualTo(GroupError.INVALID_TTL);
    GroupException e = g.failure(n0.create(alice, false, false, TTL, Duration.ZERO));
    assertThat(e.reason()).isEqualTo(GroupError.EMPTY_WITHOUT_JOIN);
    assertThat(GroupException.isNewGroupError(e)).isTrue();
    assertThat(GroupException.isJoinError(e)).isFalse();

    String id = g.await(n0.create(alice, false, true, Duration.ofSeconds(11), Duration.ofMillis(99)));
    GroupView v = n0.group(id).orElseThrow();
    assertThat(v.interval()).isZero(); // under 100 ms: no batching
    assertThat(v.holder()).isEqualTo("n0");
    assertThat(v.members()).containsEntry("alice", "s1");
    assertThat(n0.latestGroupId(alice)).contains(id);
    assertThat(n0.memberNodes(id)).containsExactly("n0");

    g.sim.node("n0").cluster().setStatus(NodeStatus.OFFLINE);
    assertThat(g.failure(n0.create(alice, true, true, TTL, Duration.ZERO)).reason())
        .isEqualTo(GroupError.NODE_OFFLINE);
    Member remote = new Member("bob", "s2", "n1", new Inbox());
    assertThatThrownBy(() -> n0.create(remote, true, true, TTL, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n1");
  }

  @Test
  void membersOnThreeNodesTalkNeverBackToTheSender() {
    GroupSim g = GroupSim.of(5, 2);
    Inbox a = new Inbox();
    Inbox b = new Inbox();
    Inbox c = new Inbox();
    Member alice = g.groups("n0").member("alice", "s", a);
    Member bob = g.groups("n2").member("bob", "s", b);
    Member carol = g.groups("n4").member("carol", "s", c);
    String id = g.await(g.groups("n0").create(alice, false, true, TTL, Duration.ZERO));
    g.await(g.groups("n2").join(id, bob, 1, 7, bytes("hi from bob")));
    g.await(g.groups("n4").join(id, carol));
    g.runFor(Duration.ofMillis(200));

    assertThat(a.of(GroupMessage.Kind.JOIN)).singleElement().satisfies(m -> {
      assertThat(m.uid()).isEqualTo("bob");
      assertThat(m.ver()).isEqualTo(1);
      assertThat(m.cmd()).isEqualTo(7);
      assertThat(new String(m.message(), StandardCharsets.UTF_8)).isEqualTo("hi from bob");
    });
    assertThat(b.of(GroupMessage.Kind.JOIN)).isEmpty(); // not back to the joiner
    assertThat(c.size()).isZero(); // carol joined later and sent no message
    for (String n : List.of("n0", "n2", "n4")) {
      assertThat(g.groups(n).memberNodes(id)).as(n).containsExactly("n0", "n2", "n4");
    }
    assertThat(g.groups("n4").group(id).orElseThrow().members()).containsOnlyKeys("alice", "bob", "carol");

    GroupDelivery d = g.await(g.groups("n2").broadcast(id, bob, 1, 9, bytes("move"), true));
    assertThat(d.nodes()).containsExactly("n0", "n4");
    assertThat(d.isComplete()).isTrue();
    g.runFor(Duration.ofMillis(100));
    assertThat(a.of(GroupMessage.Kind.BROADCAST)).hasSize(1);
    assertThat(c.of(GroupMessage.Kind.BROADCAST)).singleElement()
        .satisfies(m -> assertThat(m.uid()).isEqualTo("bob"));
    assertThat(b.of(GroupMessage.Kind.BROADCAST)).isEmpty();

    g.await(g.groups("n4").announce(id, 2, 3, bytes("server says"), false));
    g.runFor(Duration.ofMillis(100));
    for (Inbox i : List.of(a, b, c)) {
      assertThat(i.of(GroupMessage.Kind.ANNOUNCE)).singleElement()
          .satisfies(m -> assertThat(m.uid()).isNull());
    }

    g.await(g.groups("n4").leave(id, carol, 1, 8, bytes("bye")));
    g.runFor(Duration.ofMillis(200));
    assertThat(a.of(GroupMessage.Kind.LEAVE)).singleElement()
        .satisfies(m -> assertThat(m.uid()).isEqualTo("carol"));
    assertThat(g.groups("n4").groupIds(carol)).isEmpty();
    assertThat(g.groups("n4").group(id)).isEmpty(); // no members left there: forgotten
    assertThat(g.groups("n0").memberNodes(id)).containsExactly("n0", "n2");
    assertThat(g.groups("n2").memberNodes(id)).containsExactly("n0", "n2");
  }

  @Test
  void joinAndLeaveReportTypedErrors() {
    GroupSim g = GroupSim.of(4, 3, GroupConfig.builder().requestTimeout(Duration.ofMillis(300)).build());
    Member alice = g.groups("n0").member("alice", "s", new Inbox());
    Member bob = g.groups("n3").member("bob", "s", new Inbox());
    String id = g.await(g.groups("n0").create(alice, false, true, TTL, Duration.ZERO));
    g.await(g.groups("n3").join(id, bob));

    GroupException again = g.failure(g.groups("n3").join(id, bob));
    assertThat(again.reason()).isEqualTo(GroupError.ALREADY_MEMBER);
    assertThat(GroupException.isJoinError(again)).isTrue();
    assertThat(g.failure(g.groups("n0").join(id, alice)).reason()).isEqualTo(GroupError.ALREADY_MEMBER);

    String unknown = "000000000000000000000000-n0";
    assertThat(g.failure(g.groups("n3").join(unknown, bob)).reason()).isEqualTo(GroupError.NO_SUCH_GROUP);
    assertThat(g.failure(g.groups("n3").join("nonsense", bob)).reason()).isEqualTo(GroupError.NO_SUCH_GROUP);

    Member carol = g.groups("n2").member("carol", "s", new Inbox());
    GroupException notIn = g.failure(g.groups("n2").leave(id, carol));
    assertThat(notIn.reason()).isEqualTo(GroupError.NO_SUCH_GROUP); // n2 never knew it
    Member dave = g.groups("n3").member("dave", "s", new Inbox());
    GroupException notMember = g.failure(g.groups("n3").leave(id, dave));
    assertThat(notMember.reason()).isEqualTo(GroupError.NOT_A_MEMBER);
    assertThat(GroupException.isLeaveError(notMember)).isTrue();
    assertThat(g.failure(g.groups("n3").broadcast(id, dave, 0, 0, new byte[1], true)).reason())
        .isEqualTo(GroupError.NOT_A_MEMBER);

    g.sim.freeze("n0"); // the holder falls silent: a join from n2 times out before it is missed
    long start = g.sim.nanoTime();
    GroupException late = g.failure(g.groups("n2").join(id, carol));
    assertThat(late.reason()).isEqualTo(GroupError.TIMED_OUT);
    assertThat(g.sim.nanoTime() - start).isLessThanOrEqualTo(Duration.ofMillis(400).toNanos());
    assertThat(g.groups("n2").group(id)).isEmpty();
  }

  @Test
  void lastLeaveDiscardsAGroupThatMayNotBeEmpty() {
    GroupSim g = GroupSim.of(3, 4);
    Member alice = g.groups("n0").member("alice", "s", new Inbox());
    Member bob = g.groups("n1").member("bob", "s", new Inbox());
    String id = g.await(g.groups("n0").create(alice, false, true, TTL, Duration.ZERO));
    g.await(g.groups("n1").join(id, bob));
    g.await(g.groups("n0").leave(id, alice));
    assertThat(g.groups("n0").group(id)).isPresent();
    g.await(g.groups("n1").leave(id, bob));
    g.runFor(Duration.ofMillis(100));
    assertThat(g.groups("n0").group(id)).isEmpty();
    assertThat(g.failure(g.groups("n1").join(id, bob)).reason()).isEqualTo(GroupError.NO_SUCH_GROUP);
    assertThat(g.groups("n0").stats().get(GroupCounter.DISCARDED)).isEqualTo(1);
  }

  @Test
  void groupIdsListsGroupsInJoinOrder() {
    GroupSim g = GroupSim.of(2, 5);
    Groups n0 = g.groups("n0");
    Member alice = n0.member("alice", "s", new Inbox());
    String first = g.await(n0.create(alice, false, true, TTL, Duration.ZERO));
    Member bob = g.groups("n1").member("bob", "s", new Inbox());
    String second = g.await(g.groups("n1").create(bob, true, false, TTL, Duration.ZERO));
    g.await(n0.join(second, alice));
    assertThat(n0.groupIds(alice)).containsExactly(first, second);
    assertThat(n0.latestGroupId(alice)).contains(second);
    g.await(n0.leave(second, alice));
    assertThat(n0.latestGroupId(alice)).contains(first);
    assertThat(first).endsWith("-n0");
    assertThat(second).endsWith("-n1");
  }
}
