package io.meshage.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Static groups from config: 52-character ids, on every node, never discarded. */
@Timeout(60)
class StaticGroupsSimTest {
  private static final String LOBBY = "lobby-".repeat(8) + "0123"; // 52 characters

  @Test
  void staticGroupIdsMustBe52CharactersAndUnique() {
    assertThat(LOBBY).hasSize(52);
    assertThatThrownBy(() -> GroupConfig.builder().staticGroup(LOBBY.substring(1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("staticGroups[0].groupID").hasMessageContaining("52");
    assertThatThrownBy(() -> GroupConfig.builder().staticGroup(LOBBY).staticGroup(LOBBY).build())
        .hasMessageContaining("staticGroups[1].groupID");
    assertThatThrownBy(() -> GroupConfig.builder().relayLimit(0).build()).hasMessageContaining("relayLimit");
    assertThatThrownBy(() -> GroupConfig.builder().remoteJoinTries(0).build())
        .hasMessageContaining("remoteJoinTries");
    GroupConfig c = GroupConfig.builder().staticGroup(LOBBY, Duration.ofMillis(50)).build();
    assertThat(c.staticGroups().get(0).interval()).isZero();
    assertThat(GroupConfig.defaults().relayLimit()).isEqualTo(2);
    assertThat(GroupConfig.defaults().remoteJoinTries()).isEqualTo(4);
    assertThat(GroupConfig.defaults().sendInterval()).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void membersAnywhereShareTheStaticGroupWhichIsNeverDiscarded() {
    GroupConfig config = GroupConfig.builder().staticGroup(LOBBY, Duration.ZERO).build();
    GroupSim g = GroupSim.of(6, 31, config);
    for (String n : g.names) {
      assertThat(g.groups(n).group(LOBBY)).as(n).hasValueSatisfying(v -> assertThat(v.isStatic()).isTrue());
    }
    Inbox a = new Inbox();
    Inbox b = new Inbox();
    Inbox c = new Inbox();
    Member alice = g.groups("n1").member("alice", "s", a);
    Member bob = g.groups("n3").member("bob", "s", b);
    Member carol = g.groups("n5").member("carol", "s", c);
    g.await(g.groups("n1").join(LOBBY, alice));
    g.await(g.groups("n3").join(LOBBY, bob));
    g.await(g.groups("n5").join(LOBBY, carol));
    assertThat(g.failure(g.groups("n3").join(LOBBY, bob)).reason()).isEqualTo(GroupError.ALREADY_MEMBER);
    // Each node announces its static groups in its metadata: every node learns them within an MSA flood.
    assertThat(g.sim.runUntil(() -> g.names.stream()
        .allMatch(n -> g.groups(n).memberNodes(LOBBY).equals(java.util.Set.of("n1", "n3", "n5"))),
        Duration.ofSeconds(5))).as("seed %d", g.seed).isTrue();

    GroupDelivery d = g.await(g.groups("n3").broadcast(LOBBY, bob, 0, 1, new byte[] {42}, true));
    assertThat(d.nodes()).containsExactly("n1", "n5");
    assertThat(d.isComplete()).isTrue();
    g.await(g.groups("n0").announce(LOBBY, 0, 2, new byte[] {7}, true)); // from a node without members
    g.runFor(Duration.ofMillis(200));
    assertThat(a.got).extracting(GroupMessage::cmd).containsExactly(1, 2);
    assertThat(b.got).extracting(GroupMessage::cmd).containsExactly(2);
    assertThat(c.got).extracting(GroupMessage::cmd).containsExactly(1, 2);

    for (Member m : List.of(alice, bob, carol)) {
      g.await(g.groups(m.node()).leave(LOBBY, m));
    }
    g.runFor(Duration.ofSeconds(30));
    for (String n : g.names) {
      assertThat(g.groups(n).group(LOBBY)).as(n).isPresent();
      assertThat(g.groups(n).memberNodes(LOBBY)).isEmpty();
    }
    g.await(g.groups("n5").join(LOBBY, carol));
    assertThat(g.groups("n5").latestGroupId(carol)).contains(LOBBY);
  }
}
