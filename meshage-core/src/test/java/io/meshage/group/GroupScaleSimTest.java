package io.meshage.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.command.CommandCounter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hundreds of members on 20 simulated nodes: relayed broadcasts, the crash of the node holding
 * the group (members rejoin through another node) and the crash of a member node.
 */
@Timeout(120)
class GroupScaleSimTest {
  private static final int NODES = 20;
  private static final int PER_NODE = 15;

  /** 15 members on each of n0..n18 (n19 has none), all in one group created on n0. */
  private static final class Setup {
    final GroupSim g;
    final Map<Member, Inbox> inboxes = new LinkedHashMap<>();
    final String id;

    Setup(long seed, Duration interval) {
      g = GroupSim.of(NODES, seed);
      for (String n : g.names) {
        Groups groups = g.groups(n);
        groups.setOnDiscardCustomMessage((gid, uid, sid) -> ("gone " + uid).getBytes(StandardCharsets.UTF_8));
        groups.setOnRejoinCustomMessage((gid, uid, sid) -> ("back " + uid).getBytes(StandardCharsets.UTF_8));
        if (n.equals("n19")) {
          continue;
        }
        for (int i = 0; i < PER_NODE; i++) {
          Inbox in = new Inbox();
          inboxes.put(groups.member(n + "-u" + i, "sid" + i, in), in);
        }
      }
      Member creator = inboxes.keySet().iterator().next();
      id = g.await(g.groups("n0").create(creator, false, true, Duration.ofSeconds(60), interval));
      List<CompletableFuture<Void>> joins = new ArrayList<>();
      for (Member m : inboxes.keySet()) {
        if (m != creator) {
          joins.add(g.groups(m.node()).join(id, m));
        }
      }
      g.await(CompletableFuture.allOf(joins.toArray(new CompletableFuture<?>[0])));
      g.runFor(Duration.ofSeconds(1));
    }

    Member member(String node, int i) {
      return inboxes.keySet().stream().filter(m -> m.uid().equals(node + "-u" + i)).findFirst().orElseThrow();
    }

    void clear() {
      inboxes.values().forEach(in -> in.got.clear());
    }
  }

  @Test
  void broadcastReachesHundredsOfMembersThroughARelayTree() {
    Setup s = new Setup(41, Duration.ZERO);
    GroupSim g = s.g;
    Set<String> memberNodes = new HashSet<>(g.names);
    memberNodes.remove("n19");
    for (String n : g.names) {
      if (!n.equals("n19")) {
        assertThat(g.groups(n).memberNodes(s.id)).as("%s (seed %d)", n, g.seed).isEqualTo(memberNodes);
        assertThat(g.groups(n).group(s.id).orElseThrow().members()).hasSize(285);
      }
    }
    Member sender = s.member("n7", 3);
    long relayed = g.sim.node("n7").commands().stats().get(CommandCounter.MANY_RELAYED);
    long sent = g.sim.nanoTime();
    GroupDelivery d = g.await(g.groups("n7").broadcast(s.id, sender, 1, 100, new byte[] {1, 2, 3}, true));
    System.out.printf("seed %d: reliable broadcast to 18 member nodes confirmed in %d ms (virtual, 1 ms links)%n",
        g.seed, (g.sim.nanoTime() - sent) / 1_000_000);
    assertThat(d.nodes()).hasSize(18);
    assertThat(d.isComplete()).isTrue();
    g.runFor(Duration.ofMillis(200));
    // The sender's node hands the batch to relayLimit (2) nodes; they relay the rest.
    assertThat(g.sim.node("n7").commands().stats().get(CommandCounter.MANY_RELAYED) - relayed).isEqualTo(2);
    int deepest = 0;
    for (String n : g.names) {
      deepest = Math.max(deepest, g.sim.node(n).commands().stats().deepestRelayDepth());
    }
    assertThat(deepest).isGreaterThanOrEqualTo(3);
    System.out.printf("seed %d: deepest relay step %d%n", g.seed, deepest);
    s.inboxes.forEach((m, in) -> {
      List<GroupMessage> got = in.of(GroupMessage.Kind.BROADCAST);
      assertThat(got).as(m.uid()).hasSize(m.equals(sender) ? 0 : 1);
    });

    long relayedUnreliable = g.sim.node("n7").commands().stats().get(CommandCounter.MANY_RELAYED);
    s.clear();
    GroupDelivery u = g.await(g.groups("n7").broadcast(s.id, sender, 1, 101, new byte[] {4}, false));
    assertThat(u.isComplete()).isTrue();
    g.runFor(Duration.ofMillis(200));
    assertThat(g.sim.node("n7").commands().stats().get(CommandCounter.MANY_RELAYED) - relayedUnreliable)
        .isEqualTo(2);
    s.inboxes.forEach((m, in) -> assertThat(in.size()).as(m.uid()).isEqualTo(m.equals(sender) ? 0 : 1));
  }

  @Test
  void crashOfTheHolderMovesTheGroupAndMembersRejoinWithCustomMessages() {
    Setup s = new Setup(42, Duration.ofMillis(200));
    GroupSim g = s.g;
    s.clear();
    long killed = g.sim.nanoTime();
    g.sim.kill("n0");
    List<String> survivors = new ArrayList<>(g.names);
    survivors.remove("n0");
    survivors.remove("n19");
    boolean moved = g.sim.runUntil(() -> {
      for (String n : survivors) {
        GroupView v = g.groups(n).group(s.id).orElse(null);
        if (v == null || !"n1".equals(v.holder()) || v.members().size() != 270) {
          return false;
        }
      }
      return true;
    }, Duration.ofMillis(50), Duration.ofSeconds(30));
    assertThat(moved).as("seed %d: survivors did not agree on the new holder", g.seed).isTrue();
    System.out.printf("seed %d: 18 survivors agree on holder n1 with 270 members %d ms (virtual) after the crash%n",
        g.seed, (g.sim.nanoTime() - killed) / 1_000_000);
    g.runFor(Duration.ofSeconds(2));
    assertThat(g.groups("n1").stats().get(GroupCounter.TAKEOVERS)).isEqualTo(1);
    assertThat(g.groups("n1").stats().get(GroupCounter.MEMBERS_DISCARDED)).isEqualTo(PER_NODE);
    s.inboxes.forEach((m, in) -> {
      if (m.node().equals("n0")) {
        return;
      }
      // one discard message per member of the lost node, one rejoin message per other survivor
      assertThat(in.of(GroupMessage.Kind.DISCARD)).as(m.uid()).hasSize(PER_NODE)
          .allSatisfy(x -> assertThat(new String(x.message(), StandardCharsets.UTF_8)).startsWith("gone n0-u"));
      assertThat(in.of(GroupMessage.Kind.REJOIN)).as(m.uid()).hasSize(269)
          .allSatisfy(x -> assertThat(x.uid()).isNotEqualTo(m.uid()));
    });

    s.clear();
    Member sender = s.member("n12", 0);
    GroupDelivery d = g.await(g.groups("n12").broadcast(s.id, sender, 0, 5, new byte[] {9}, true));
    assertThat(d.nodes()).doesNotContain("n0").hasSize(17);
    assertThat(d.isComplete()).isTrue();
    g.runFor(Duration.ofMillis(500));
    s.inboxes.forEach((m, in) -> assertThat(in.of(GroupMessage.Kind.BROADCAST)).as(m.uid())
        .hasSize(m.node().equals("n0") || m.equals(sender) ? 0 : 1));

    // A node that never had members finds the new holder although the id names the dead one.
    Inbox lateGot = new Inbox();
    Member late = g.groups("n19").member("late", "s", lateGot);
    g.await(g.groups("n19").join(s.id, late));
    assertThat(g.groups("n19").group(s.id).orElseThrow().holder()).isEqualTo("n1");
    g.await(g.groups("n12").broadcast(s.id, sender, 0, 6, new byte[] {9}, true));
    g.runFor(Duration.ofMillis(500));
    assertThat(lateGot.of(GroupMessage.Kind.BROADCAST)).hasSize(1);
  }

  @Test
  void crashOfAMemberNodeDiscardsItsMembers() {
    Setup s = new Setup(43, Duration.ZERO);
    GroupSim g = s.g;
    s.clear();
    g.sim.kill("n5");
    // Other nodes may drop out of sight for a moment while the mesh re-forms around the hole:
    // the holder discards their members too, and they register them again when they are back.
    boolean settled = g.sim.runUntil(() -> {
      for (String n : List.of("n0", "n1", "n9", "n18")) {
        GroupView v = g.groups(n).group(s.id).orElseThrow();
        if (v.memberNodes().contains("n5") || v.members().size() != 270) {
          return false;
        }
      }
      return true;
    }, Duration.ofMillis(50), Duration.ofSeconds(30));
    if (!settled) {
      for (String n : g.names) {
        if (!n.equals("n5")) {
          GroupView v = g.groups(n).group(s.id).orElse(null);
          System.out.println("DEBUG " + n + " holder=" + (v == null ? null : v.holder()) + " members="
              + (v == null ? 0 : v.members().size()) + " nodes=" + (v == null ? null : v.memberNodes())
              + " " + g.groups(n).stats());
        }
      }
    }
    assertThat(settled).as("seed %d", g.seed).isTrue();
    g.runFor(Duration.ofSeconds(1));
    Set<String> lost = new HashSet<>();
    for (int i = 0; i < PER_NODE; i++) {
      lost.add("n5-u" + i);
    }
    s.inboxes.forEach((m, in) -> {
      if (!m.node().equals("n5")) {
        Set<String> discarded = new HashSet<>();
        in.of(GroupMessage.Kind.DISCARD).forEach(x -> discarded.add(x.uid()));
        assertThat(discarded).as(m.uid()).containsAll(lost);
      }
    });
    Member sender = s.member("n9", 2);
    GroupDelivery d = g.await(g.groups("n9").broadcast(s.id, sender, 0, 1, new byte[] {1}, true));
    assertThat(d.nodes()).hasSize(17).doesNotContain("n5");
    assertThat(d.isComplete()).isTrue();
  }

  @Test
  void aBroadcastReportsTheMemberNodesItCouldNotReach() {
    Setup s = new Setup(44, Duration.ZERO);
    GroupSim g = s.g;
    g.sim.kill("n11"); // crashed, still in the roster when the broadcast leaves
    Member sender = s.member("n3", 1);
    GroupDelivery d = g.await(g.groups("n3").broadcast(s.id, sender, 0, 1, new byte[] {1}, true));
    assertThat(d.nodes()).contains("n11");
    assertThat(d.unreached()).containsOnlyKeys("n11");
    assertThat(d.reached()).hasSize(17).doesNotContain("n11");
  }

  @Test
  void aSilentNodeIsReportedAndEveryNodeReportedReachedHasTheMessage() {
    Setup s = new Setup(45, Duration.ZERO);
    GroupSim g = s.g;
    g.sim.freeze("n11"); // silent: no ACK, no relay; found only by timeouts
    Member sender = s.member("n3", 1);
    GroupDelivery d = g.await(g.groups("n3").broadcast(s.id, sender, 0, 1, new byte[] {1}, true));
    assertThat(d.unreached()).containsKey("n11");
    s.inboxes.forEach((m, in) -> {
      if (d.reached().contains(m.node())) {
        assertThat(in.of(GroupMessage.Kind.BROADCAST)).as(m.uid()).hasSize(1);
      }
    });
  }
}
