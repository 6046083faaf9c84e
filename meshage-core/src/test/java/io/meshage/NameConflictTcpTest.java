package io.meshage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 30's reproduction on loopback: nodes a b c d (degree 2) form; a second instance named
 * {@code a} starts in the same namespace. The established a keeps its name and links, the
 * newcomer is refused with a typed error naming the conflict and the holder's address, and no
 * node sees an MSA storm.
 */
@Timeout(60)
class NameConflictTcpTest {

  private static LoopbackMesh formed(List<MeshNode> out) throws Exception {
    LoopbackMesh mesh = new LoopbackMesh(true);
    for (String n : List.of("a", "b", "c", "d")) {
      out.add(mesh.start(n, 2));
    }
    assertThat(mesh.await(() -> LoopbackMesh.agree(out, Set.of("a", "b", "c", "d")), Duration.ofSeconds(20))).isTrue();
    return mesh;
  }

  @Test
  void aSecondInstanceThatDialsByHandIsRefusedAndTheOriginalKeepsItsLinks() throws Exception {
    List<MeshNode> nodes = new java.util.ArrayList<>();
    try (LoopbackMesh mesh = formed(nodes)) {
      MeshNode a = nodes.get(0);
      MeshNode b = nodes.get(1);
      Set<String> aLinks = a.neighbors();
      // No discovery for the newcomer: only the hand dial meets the mesh (the reproduction's path).
      MeshNode newcomer = MeshNode.start(mesh.config("a").discoveryPort(0).degree(2).build());
      try {
        String bAddress = "127.0.0.1:" + b.listenAddress().getPort();
        assertThatThrownBy(() -> newcomer.dial(bAddress))
            .isInstanceOf(NameConflictException.class)
            .hasMessageContaining("name a is held by another live instance")
            .hasMessageContaining("instance " + a.instance())
            .hasMessageContaining(":" + a.listenAddress().getPort());
        assertThat(mesh.await(() -> newcomer.conflict().isPresent(), Duration.ofSeconds(5))).isTrue();
        assertThat(newcomer.stats().get(Counter.NAME_CONFLICTS)).isPositive();
        assertThat(b.stats().get(Counter.NAME_CONFLICTS)).isPositive();
      } finally {
        newcomer.close();
      }
      // A moment later the mesh is as it was: a kept its links, every view agrees, no storm.
      assertThat(mesh.await(() -> LoopbackMesh.agree(nodes, Set.of("a", "b", "c", "d")), Duration.ofSeconds(5))).isTrue();
      assertThat(a.neighbors()).isEqualTo(aLinks);
      for (MeshNode n : nodes) {
        assertThat(n.stats().get(Counter.MSA_RECEIVED)).as("MSAs received by %s", n.name()).isLessThan(2000);
      }
    }
  }

  @Test
  void aSecondInstanceStartingWithDiscoveryFailsToStart() throws Exception {
    List<MeshNode> nodes = new java.util.ArrayList<>();
    try (LoopbackMesh mesh = formed(nodes)) {
      MeshNode a = nodes.get(0);
      assertThatThrownBy(() -> MeshNode.start(mesh.config("a").degree(2).beaconPeriod(Duration.ofMillis(250)).build()))
          .isInstanceOf(NameConflictException.class)
          .hasMessageContaining("instance " + a.instance())
          .satisfies(e -> assertThat(((NameConflictException) e).name()).isEqualTo("a"));
      assertThat(a.stats().get(Counter.NAME_CONFLICTS)).isPositive();
      assertThat(mesh.await(() -> LoopbackMesh.agree(nodes, Set.of("a", "b", "c", "d")), Duration.ofSeconds(5))).isTrue();
      for (MeshNode n : nodes) {
        assertThat(n.stats().get(Counter.MSA_RECEIVED)).as("MSAs received by %s", n.name()).isLessThan(2000);
      }
    }
  }

  @Test
  void aRestartAfterTheOldInstanceClosedTakesTheNameAtOnce() throws Exception {
    List<MeshNode> nodes = new java.util.ArrayList<>();
    try (LoopbackMesh mesh = formed(nodes)) {
      MeshNode old = nodes.get(0);
      long oldInstance = old.instance();
      old.close();
      nodes.remove(0);
      MeshNode restarted = mesh.start("a", 2);
      nodes.add(0, restarted);
      assertThat(mesh.await(() -> LoopbackMesh.agree(nodes, Set.of("a", "b", "c", "d")), Duration.ofSeconds(10))).isTrue();
      assertThat(restarted.conflict()).isEmpty();
      assertThat(restarted.instance()).isNotEqualTo(oldInstance);
    }
  }
}
