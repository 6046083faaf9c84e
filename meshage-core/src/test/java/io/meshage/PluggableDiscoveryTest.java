package io.meshage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link Discovery} SPI on loopback without broadcast: an in-memory directory stands in for
 * JGroups; its candidates go through the beacon rules, so nodes mesh up to their degree.
 */
@Timeout(30)
class PluggableDiscoveryTest {

  /** Every announcement reaches every other open session, as a candidate. */
  static final class Directory implements Discovery {
    final Map<String, Discovery.Context> open = new ConcurrentHashMap<>();
    final AtomicInteger announcements = new AtomicInteger();
    volatile String otherNamespace;

    @Override
    public Session open(Context context) {
      open.put(context.name(), context);
      return new Session() {
        @Override
        public void announce(int wanted) {
          announcements.incrementAndGet();
          InetSocketAddress at = new InetSocketAddress("127.0.0.1", context.listenAddress().getPort());
          for (Discovery.Context other : open.values()) {
            if (other != context) {
              other.candidate(context.name(), otherNamespace != null ? otherNamespace : context.namespace(), at, wanted);
            }
          }
        }

        @Override
        public void close() {
          open.remove(context.name());
        }
      };
    }
  }

  @Test
  void candidatesFromTheSourceFormOneMeshWithinTheDegree() throws Exception {
    Directory directory = new Directory();
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      List<MeshNode> nodes = new java.util.ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        nodes.add(mesh.start(mesh.config("p" + i).degree(2).discovery(directory)));
      }
      Set<String> all = Set.of("p1", "p2", "p3", "p4");
      assertThat(mesh.await(() -> LoopbackMesh.agree(nodes, all), Duration.ofSeconds(15))).isTrue();
      for (MeshNode n : nodes) {
        assertThat(n.neighbors().size()).isBetween(1, 2);
      }
      assertThat(directory.announcements.get()).isPositive();
      MeshNode p1 = nodes.get(0);
      assertThat(p1.set(List.of("p4"), "hi").isComplete()).isTrue();
    }
    assertThat(directory.open).isEmpty();
  }

  @Test
  void candidatesOfAnotherNamespaceAreIgnored() throws Exception {
    Directory directory = new Directory();
    directory.otherNamespace = "elsewhere";
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      MeshNode q1 = mesh.start(mesh.config("q1").discovery(directory));
      MeshNode q2 = mesh.start(mesh.config("q2").discovery(directory));
      // both heard each other (counted as beacons) but neither dialed
      assertThat(mesh.await(() -> q1.stats().get(Counter.BEACONS_RECEIVED) > 0 && q2.stats().get(Counter.BEACONS_RECEIVED) > 0,
          Duration.ofSeconds(10))).isTrue();
      assertThat(q1.stats().get(Counter.DIALS)).isZero();
      assertThat(q1.neighbors()).isEmpty();
    }
  }

  @Test
  void aSourceThatCannotOpenFailsTheStart() {
    Discovery broken = c -> {
      throw new IOException("directory offline");
    };
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      assertThatThrownBy(() -> mesh.start(mesh.config("r1").discovery(broken)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("directory offline");
    }
  }

  @Test
  void theConfigKeepsTheSource() {
    Directory directory = new Directory();
    MeshConfig c = MeshConfig.local("s1").discovery(directory).build();
    assertThat(c.discovery()).isSameAs(directory);
    assertThat(c.toBuilder().build().discovery()).isSameAs(directory);
    assertThat(MeshConfig.local("s2").build().discovery()).isNull();
    assertThat(Set.of(c.toString())).allMatch(s -> s.contains("discovery="));
  }
}
