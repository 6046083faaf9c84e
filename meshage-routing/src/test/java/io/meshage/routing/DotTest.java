package io.meshage.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 200)
class DotTest {
  private static final Pattern NODE = Pattern.compile("^\\s*(\"(?:[^\"\\\\]|\\\\.)*\") \\[(.*)];$");
  private static final Pattern EDGE =
      Pattern.compile("^\\s*(\"(?:[^\"\\\\]|\\\\.)*\") -- (\"(?:[^\"\\\\]|\\\\.)*\");$");

  private static Topology sample() {
    return Topology.of(
        Map.of(
            "node-1", List.of("10.0.0.1", "b"),
            "10.0.0.1", List.of("node-1"),
            "b", List.of("node-1"),
            "lonely", List.of()));
  }

  @Test
  void keepsMeshagesLook() {
    String dot = Dot.export(sample(), "node-1");
    List<String> lines = dot.lines().toList();
    assertThat(lines.get(0)).matches("graph \\w+ \\{");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("}");
    assertThat(lines).contains("  size=\"8,11\";", "  overlap=false;");
    assertThat(nodeAttributes(lines, "\"Legend\""))
        .contains("shape=\"plaintext\"", "label=\"total=4\"");
    assertThat(nodeAttributes(lines, "\"node-1\""))
        .contains("label=\"node-1\"", "style=\"filled\"", "fillcolor=\"red\"");
    assertThat(nodeAttributes(lines, "\"10.0.0.1\"")).contains("fillcolor=\"green\"");
    assertThat(nodeAttributes(lines, "\"lonely\"")).contains("fillcolor=\"green\"");
    assertThat(edges(lines))
        .containsExactlyInAnyOrder("\"10.0.0.1\" -- \"node-1\"", "\"b\" -- \"node-1\"");
  }

  @Test
  void aNodeCalledLegendKeepsItsOwnVertex() {
    Topology t = Topology.of(Map.of("Legend", List.of(), "a", List.of()));
    List<String> lines = Dot.export(t, "a").lines().toList();
    assertThat(nodeAttributes(lines, "\"Legend\"")).contains("fillcolor=\"green\"");
    assertThat(nodeAttributes(lines, "\"Legend_\"")).contains("label=\"total=2\"");
  }

  @Test
  void quotesAwkwardNames() {
    assertThat(Dot.quoted("a\"b\\")).isEqualTo("\"a\\\"b\\\\\"");
  }

  @Test
  void graphvizAcceptsTheOutput(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Graphviz.available(), Graphviz.reason());
    Topology t =
        Topology.of(
            Map.of(
                "node-1", List.of("10.0.0.1", "x\"y", "back\\slash"),
                "10.0.0.1", List.of("node-1"),
                "x\"y", List.of("node-1"),
                "back\\slash", List.of("node-1"),
                "é ü", List.of()));
    Path file = dir.resolve("mesh.dot");
    Path svg = dir.resolve("mesh.svg");
    Files.writeString(file, Dot.export(t, "node-1"), StandardCharsets.UTF_8);
    // output goes to a file and the wait is bounded: reading a pipe first could block forever
    int exit = Graphviz.run(svg, "dot", "-Tsvg", file.toString());
    String output = Files.readString(svg, StandardCharsets.UTF_8);
    assertThat(exit).as(output).isZero();
    assertThat(output).contains("<svg", "total=5", "node&#45;1");
  }

  private static String nodeAttributes(List<String> lines, String id) {
    for (String line : lines) {
      Matcher m = NODE.matcher(line);
      if (m.matches() && m.group(1).equals(id)) {
        return m.group(2);
      }
    }
    throw new AssertionError("no node " + id + " in " + lines);
  }

  private static List<String> edges(List<String> lines) {
    return lines.stream()
        .map(EDGE::matcher)
        .filter(Matcher::matches)
        .map(m -> m.group(1) + " -- " + m.group(2))
        .toList();
  }

  /**
   * Whether graphviz's {@code dot} runs here. The test never installs it (a test must not change
   * the system): {@code .ci/run} does, and without it the assertion is skipped with the reason.
   */
  private static final class Graphviz {
    private static final Duration MAX = Duration.ofSeconds(30);
    private static String reason = "";
    private static Boolean available;

    static synchronized boolean available() {
      if (available == null) {
        available = works();
        if (!available) {
          System.err.println("DotTest: skipping the graphviz check: " + reason);
        }
      }
      return available;
    }

    static String reason() {
      return reason;
    }

    private static boolean works() {
      try {
        int exit = run(null, "dot", "-V");
        if (exit != 0) {
          reason = "graphviz 'dot -V' exited with " + exit;
        }
        return exit == 0;
      } catch (IOException e) {
        reason = "graphviz 'dot' not found (install package graphviz): " + e.getMessage();
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        reason = "interrupted";
        return false;
      }
    }

    /**
     * Runs {@code command} with its output in {@code out} (discarded when null) and returns its
     * exit code; kills it and fails after {@link #MAX}.
     */
    static int run(Path out, String... command) throws IOException, InterruptedException {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.redirectOutput(out == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(out.toFile()));
      Process p = pb.start();
      p.getOutputStream().close();
      if (!p.waitFor(MAX.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within " + MAX);
      }
      return p.exitValue();
    }
  }
}
