package io.meshage.jgroups;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes with the README's FILE_PING stack (MERGE3 every 10-30 s) started at the same moment: each
 * may find the shared folder empty and make a JGroups cluster of its own; they must still meet
 * within a few seconds, not at MERGE3's next rounds.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SimultaneousStartTest {
  private static final Duration MEET_WITHIN = Duration.ofSeconds(8);
  @TempDir Path dir;

  private static String readmeStack(Path location) {
    return "<config xmlns=\"urn:org:jgroups\">\n"
        + "  <TCP bind_addr=\"127.0.0.1\" bind_port=\"0\" port_range=\"0\" diag.enabled=\"false\"/>\n"
        + "  <FILE_PING location=\"" + location + "\"/>\n"
        + "  <MERGE3 min_interval=\"10s\" max_interval=\"30s\"/>\n"
        + "  <pbcast.NAKACK2 use_mcast_xmit=\"false\"/>\n"
        + "  <UNICAST3/>\n"
        + "  <pbcast.STABLE/>\n"
        + "  <pbcast.GMS join_timeout=\"2s\" print_local_addr=\"false\"/>\n"
        + "</config>\n";
  }

  @Test
  void twoNodesStartedTogetherMeetWithinSeconds() throws Exception {
    for (int round = 1; round <= 3; round++) {
      Path location = Files.createDirectory(dir.resolve("ping" + round));
      JGroupsDiscovery discovery = new JGroupsDiscovery(Files.writeString(dir.resolve("s" + round + ".xml"),
          readmeStack(location)));
      CyclicBarrier together = new CyclicBarrier(2);
      List<CompletableFuture<MeshNode>> starting = new ArrayList<>();
      for (String name : List.of("p" + round, "q" + round)) {
        starting.add(CompletableFuture.supplyAsync(() -> {
          try {
            together.await(10, TimeUnit.SECONDS);
            return MeshNode.start(MeshConfig.builder(name).bindAddress("127.0.0.1").discoveryPort(0)
                .broadcastAddress("127.255.255.255").namespace("together").discovery(discovery)
                .beaconMaxPeriod(Duration.ofSeconds(1)).build());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }));
      }
      List<MeshNode> nodes = new ArrayList<>();
      for (CompletableFuture<MeshNode> f : starting) {
        nodes.add(f.get(30, TimeUnit.SECONDS));
      }
      long started = System.nanoTime();
      try {
        MeshNode p = nodes.get(0);
        MeshNode q = nodes.get(1);
        Object changed = new Object();
        p.onTopologyChange(m -> {
          synchronized (changed) {
            changed.notifyAll();
          }
        });
        long end = started + MEET_WITHIN.toNanos();
        synchronized (changed) {
          while (!p.neighbors().contains(q.name()) && System.nanoTime() < end) {
            changed.wait(Math.max(1, Math.min(100, (end - System.nanoTime()) / 1_000_000)));
          }
        }
        assertThat(p.neighbors()).as("round %d: p's neighbours %s after %s", round, p.neighbors(),
            Duration.ofNanos(System.nanoTime() - started)).contains(q.name());
      } finally {
        nodes.forEach(MeshNode::close);
      }
    }
  }
}
