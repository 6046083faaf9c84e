package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Four {@code meshage node} processes on loopback: they mesh, answer mesh send, drop a dead one. */
class NodeProcessTest {
  private static final Duration STEP = Duration.ofSeconds(15);

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void fourNodesMeshAnswerAndDropAKilledOne(@TempDir Path dir) throws Exception {
    int discovery = LocalNodes.freeUdpPort();
    String namespace = "t" + UUID.randomUUID().toString().substring(0, 8);
    List<NodeProcess> nodes = new ArrayList<>();
    try {
      for (int i = 1; i <= 4; i++) {
        nodes.add(
            NodeProcess.start(
                "n" + i, dir,
                "node", "--name", "n" + i, "--namespace", namespace, "--degree", "3",
                "--port", "0", "--discovery-port", String.valueOf(discovery),
                "--broadcast", LocalNodes.LOOPBACK_BROADCAST, "--bind", LocalNodes.LOOPBACK,
                "--endpoint", "192.0.2." + i + ":7000"));
      }
      for (int i = 1; i <= 4; i++) {
        String start = nodes.get(i - 1).await(l -> l.startsWith("node "), STEP);
        assertThat(start)
            .matches("node n" + i + " namespace " + namespace
                + " listening 127\\.0\\.0\\.1:\\d+ discovery " + discovery);
      }
      NodeProcess n1 = nodes.get(0);
      List<String> full = listWhenSize(n1, 4);
      assertThat(listsExactly(full, "n1", "n2", "n3", "n4")).as("mesh list of n1: %s", full).isTrue();

      // every node, not just n1, must hold all four MSAs before they are asked
      for (NodeProcess n : nodes) {
        listWhenSize(n, 4);
      }
      List<String> answers = n1.ask("mesh send all mesh status", STEP);
      assertThat(answers).as("all is every other node").noneMatch(l -> l.startsWith("n1: "));
      for (int i = 2; i <= 4; i++) { // all: every other node
        assertThat(answers).contains("n" + i + ": name: n" + i, "n" + i + ": mesh size: 4",
            "n" + i + ": endpoint: 192.0.2." + i + ":7000", "n" + i + ": status: online");
      }
      assertThat(answers).noneMatch(l -> l.contains("failed"));

      NodeProcess n4 = nodes.get(3);
      n4.terminate();
      n4.awaitExit(STEP);
      assertThat(listsExactly(listWhenSize(n1, 3), "n1", "n2", "n3")).isTrue();
      assertThat(listsExactly(listWhenSize(nodes.get(1), 3), "n1", "n2", "n3")).isTrue();

      nodes.get(1).send("quit");
      assertThat(nodes.get(1).await(l -> l.equals("node n2 closed"), STEP)).isNotNull();
      assertThat(nodes.get(1).awaitExit(STEP)).isZero();
      nodes.get(2).closeInput();
      assertThat(nodes.get(2).awaitExit(STEP)).isZero();
    } catch (AssertionError e) {
      for (int i = 1; i <= 4; i++) {
        Path err = dir.resolve("n" + i + ".err");
        if (Files.exists(err)) {
          System.err.println("--- n" + i + " stderr:\n" + Files.readString(err));
        }
      }
      throw e;
    } finally {
      nodes.forEach(NodeProcess::close);
    }
  }

  /** Asks {@code mesh list} until the answer satisfies {@code done} (bounded); returns the last one. */
  /**
   * Whether {@code mesh list} output names exactly {@code names}, one line each, with every
   * listed neighbour among them (the links themselves depend on discovery timing).
   */
  private static boolean listsExactly(List<String> lines, String... names) {
    java.util.Set<String> want = java.util.Set.of(names);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        return false;
      }
      seen.add(line.substring(0, colon));
      for (String n : line.substring(colon + 1).trim().split(" ")) {
        if (!n.isEmpty() && !want.contains(n)) {
          return false;
        }
      }
    }
    return seen.equals(want) && lines.size() == names.length;
  }

  /** Waits (inside the node, on topology events) until its mesh has {@code size} nodes, then lists it. */
  private static List<String> listWhenSize(NodeProcess node, int size)
      throws InterruptedException, IOException {
    List<String> waited = node.ask("mesh wait " + size + " " + STEP.toSeconds(), STEP.plusSeconds(5));
    assertThat(waited).as("mesh wait on %s", node).containsExactly("mesh size " + size);
    return node.ask("mesh list", STEP);
  }

}
