package io.meshage.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** remoteJoinTries: how many nodes a member node tries when its group's holder was lost. */
@Timeout(60)
class GroupFailoverSimTest {

  /** n0 holds the group; alice on n0, bob on n1, carol on n2. */
  private static String setup(GroupSim g, Inbox carolGot, Inbox bobGot) {
    Member alice = g.groups("n0").member("alice", "s", new Inbox());
    String id = g.await(g.groups("n0").create(alice, false, true, Duration.ofSeconds(60), Duration.ZERO));
    g.await(g.groups("n1").join(id, g.groups("n1").member("bob", "s", bobGot)));
    g.await(g.groups("n2").join(id, g.groups("n2").member("carol", "sc", carolGot)));
    g.runFor(Duration.ofMillis(200));
    return id;
  }

  /** Requests between n1 and n2 now take longer than the request timeout; the link stays up. */
  private static void slowLink(GroupSim g) {
    g.sim.delay("n1", "n2", Duration.ofMillis(400));
  }

  private static GroupConfig config(int tries) {
    return GroupConfig.builder().remoteJoinTries(tries).requestTimeout(Duration.ofMillis(300)).build();
  }

  @Test
  void aSlowFirstCandidateIsSkippedAndTheTwoTakeoversResolveToOneHolder() {
    GroupSim g = GroupSim.of(4, 51, config(4));
    Inbox carolGot = new Inbox();
    Inbox bobGot = new Inbox();
    String id = setup(g, carolGot, bobGot);
    slowLink(g);
    g.sim.kill("n0");
    // n1 takes over (it is first by name); n2's rejoin at n1 times out, so n2 takes over too; the
    // smaller name wins and n2 hands its roster over.
    boolean one = g.sim.runUntil(() -> holderIs(g, "n1", id, "n1") && holderIs(g, "n2", id, "n1"),
        Duration.ofSeconds(10));
    assertThat(one).as("seed %d", g.seed).isTrue();
    assertThat(g.groups("n2").stats().get(GroupCounter.TAKEOVERS)).isEqualTo(1);
    assertThat(g.groups("n1").group(id).orElseThrow().members()).containsOnlyKeys("bob", "carol");
    Member carol = g.groups("n2").member("carol", "sc", carolGot);
    GroupDelivery d = g.await(g.groups("n2").broadcast(id, carol, 0, 1, new byte[] {1}, true));
    assertThat(d.nodes()).containsExactly("n1");
    g.runFor(Duration.ofSeconds(1));
    assertThat(bobGot.of(GroupMessage.Kind.BROADCAST)).hasSize(1);
    assertThat(carolGot.of(GroupMessage.Kind.DISCARD)).isEmpty();
  }

  private static boolean holderIs(GroupSim g, String node, String id, String holder) {
    return g.groups(node).group(id).map(v -> holder.equals(v.holder())).orElse(false);
  }

  @Test
  void whenNoCandidateAcceptsWithinTheTriesTheMembersHereAreDiscarded() {
    GroupSim g = GroupSim.of(4, 52, config(1));
    Inbox carolGot = new Inbox();
    g.groups("n2").setOnDiscardCustomMessage((gid, uid, sid) -> (uid + "/" + sid).getBytes());
    String id = setup(g, carolGot, new Inbox());
    slowLink(g);
    g.sim.kill("n0");
    assertThat(g.sim.runUntil(() -> g.groups("n2").group(id).isEmpty(), Duration.ofSeconds(10)))
        .as("seed %d", g.seed).isTrue();
    assertThat(g.groups("n2").stats().get(GroupCounter.REJOINS_FAILED)).isEqualTo(1);
    assertThat(carolGot.of(GroupMessage.Kind.DISCARD)).singleElement().satisfies(m -> {
      assertThat(m.uid()).isEqualTo("carol");
      assertThat(new String(m.message())).isEqualTo("carol/sc");
    });
    Member carol = g.groups("n2").member("carol", "sc", carolGot);
    assertThat(g.groups("n2").groupIds(carol)).isEmpty();
  }
}
