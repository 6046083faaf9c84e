package io.meshage.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    Files.writeString(file, Dot.export(t, "node-1"), StandardCharsets.UTF_8);
    Process dot =
        new ProcessBuilder("dot", "-Tsvg", file.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(dot.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(dot.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(dot.exitValue()).as(output).isZero();
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

  /** Finds graphviz's {@code dot}, installing it once if we are root and it is missing. */
  private static final class Graphviz {
    private static final String INSTALL =
        "apt-get install -y -qq graphviz"
            + " || (apt-get update -qq && apt-get install -y -qq graphviz)";
    private static String reason = "";
    private static Boolean available;

    static synchronized boolean available() {
      if (available == null) {
        available = works() || (tryInstall() && works());
      }
      return available;
    }

    static String reason() {
      return reason;
    }

    private static boolean works() {
      try {
        Process p = new ProcessBuilder("dot", "-V").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        boolean done = p.waitFor(30, TimeUnit.SECONDS);
        return done && p.exitValue() == 0;
      } catch (IOException e) {
        reason = "graphviz 'dot' not found: " + e.getMessage();
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    private static boolean tryInstall() {
      if (!"root".equals(System.getProperty("user.name"))) {
        reason = "graphviz 'dot' is missing and we are not root to install it";
        return false;
      }
      try {
        Process p =
            new ProcessBuilder("timeout", "120", "sh", "-c", INSTALL)
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ok = p.waitFor(130, TimeUnit.SECONDS) && p.exitValue() == 0;
        if (!ok) {
          reason = "graphviz 'dot' is missing and apt-get install failed: " + log.strip();
          System.err.println("DotTest: " + reason);
        }
        return ok;
      } catch (IOException e) {
        reason = "graphviz 'dot' is missing and apt-get could not run: " + e.getMessage();
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
