package io.meshage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's Java blocks are the examples' {@code README:begin}/{@code README:end} regions,
 * word for word (indentation removed, the few values below shown as the README shows them), and
 * every region is in the README: neither can change without the other.
 */
@Timeout(30)
class ReadmeSnippetsTest {
  /** Where an example takes a parameter, the value the README shows instead. */
  private static final Map<String, String> SHOWN_AS = Map.of(
      ".discoveryPort(discoveryPort)", ".discoveryPort(9000)",
      "new InetSocketAddress(\"127.0.0.1\", port)", "new InetSocketAddress(\"127.0.0.1\", 9464)",
      "new JGroupsDiscovery(stack)", "new JGroupsDiscovery(Path.of(\"jgroups.xml\"))");

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void everyReadmeJavaBlockIsAnExampleRegionAndBack() throws IOException {
    List<String> blocks = javaBlocks(Files.readString(ROOT.resolve("README.md")));
    Map<String, String> regions = regions(ROOT.resolve("examples/src/main/java"));
    assertThat(blocks).as("Java blocks in the README").isNotEmpty();
    List<String> unmatched = new ArrayList<>();
    for (String b : blocks) {
      if (!regions.containsValue(b)) {
        unmatched.add(b);
      }
    }
    assertThat(unmatched).as("README Java blocks with no example region of the same text; regions are:%n%s",
        String.join("\n----\n", regions.values())).isEmpty();
    for (Map.Entry<String, String> r : regions.entrySet()) {
      assertThat(blocks).as("region %s is shown in the README", r.getKey()).contains(r.getValue());
    }
  }

  /** The bodies of the README's ```java blocks. */
  static List<String> javaBlocks(String markdown) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = null;
    for (String line : markdown.split("\n", -1)) {
      if (cur == null && line.strip().equals("```java")) {
        cur = new StringBuilder();
      } else if (cur != null && line.strip().equals("```")) {
        out.add(normalize(cur.toString()));
        cur = null;
      } else if (cur != null) {
        cur.append(line).append('\n');
      }
    }
    return out;
  }

  /** Region name to its text, indentation removed and parameters shown as the README shows them. */
  static Map<String, String> regions(Path sources) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(sources)) {
      files = s.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
    }
    for (Path f : files) {
      List<String> lines = Files.readAllLines(f);
      String name = null;
      List<String> body = new ArrayList<>();
      for (String line : lines) {
        String t = line.strip();
        if (t.startsWith("// README:begin ")) {
          name = t.substring("// README:begin ".length());
          body.clear();
        } else if (t.equals("// README:end") && name != null) {
          // regions of one name (across files in name order, then in file order) make one block
          out.merge(name, normalize(dedent(body)), (a, b) -> a + "\n" + b);
          name = null;
        } else if (name != null) {
          body.add(line);
        }
      }
    }
    return out;
  }

  private static String dedent(List<String> lines) {
    int indent = lines.stream().filter(l -> !l.isBlank())
        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    StringBuilder b = new StringBuilder();
    for (String l : lines) {
      b.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
    }
    String text = b.toString();
    for (Map.Entry<String, String> e : SHOWN_AS.entrySet()) {
      text = text.replace(e.getKey(), e.getValue());
    }
    return text;
  }

  private static String normalize(String text) {
    return text.lines().map(String::stripTrailing).collect(Collectors.joining("\n")).strip();
  }
}
