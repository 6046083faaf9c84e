package io.meshage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code docs/architecture.md} names only what exists: every class ({@code `Name`}), nested or
 * package-qualified class ({@code `tcp.FrameReader`}), member ({@code `OriginSender.topologyChanged`})
 * and package ({@code `io.meshage.internal.link`}) it shows in backquotes is in the sources.
 */
@Timeout(30)
class ArchitectureDocTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern CLASS = Pattern.compile("([a-z]+\\.)?([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)(\\.([A-Za-z_][A-Za-z0-9_]*))?");
  private static final Pattern PACKAGE = Pattern.compile("io\\.meshage(\\.[a-z]+)*");

  @Test
  void everyNamedClassMemberAndPackageExists() throws IOException {
    String[] parts = Files.readString(ROOT.resolve("docs/architecture.md")).split("```");
    StringBuilder prose = new StringBuilder();
    StringBuilder fenced = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      (i % 2 == 0 ? prose : fenced).append(parts[i]).append('\n');
    }
    Map<String, List<Path>> sources = sources();
    List<String> missing = new ArrayList<>();
    int checked = 0;
    // in the diagrams, every CamelCase word and io.meshage package
    Matcher w = Pattern.compile("\\b(io\\.meshage(\\.[a-z]+)*|[A-Z][a-z]+[A-Z][A-Za-z]*)\\b").matcher(fenced);
    while (w.find()) {
      String token = w.group(1);
      checked++;
      if (token.startsWith("io.meshage") ? !packageExists(token) : !sources.containsKey(token)) {
        missing.add(token + " (in a diagram)");
      }
    }
    Matcher m = CODE.matcher(prose);
    while (m.find()) {
      String token = m.group(1);
      Matcher c = CLASS.matcher(token);
      if (c.matches()) {
        checked++;
        List<Path> files = sources.getOrDefault(c.group(2), List.of());
        if (c.group(1) != null) {
          String dir = c.group(1).substring(0, c.group(1).length() - 1);
          files = files.stream().filter(p -> p.getParent().getFileName().toString().equals(dir)).toList();
        }
        if (files.isEmpty() && !isJdk(c.group(2))) {
          missing.add(token + " (no such class)");
        } else if (c.group(4) != null && !declares(files, c.group(4))) {
          missing.add(token + " (no such member)");
        }
      } else if (PACKAGE.matcher(token).matches()) {
        checked++;
        if (!packageExists(token)) {
          missing.add(token + " (no such package)");
        }
      }
    }
    assertThat(checked).as("names checked").isGreaterThan(40);
    assertThat(missing).as("names in docs/architecture.md that the sources lack").isEmpty();
  }

  private static boolean isJdk(String simpleName) {
    for (String pkg : List.of("java.lang.", "java.util.", "java.util.concurrent.")) {
      try {
        Class.forName(pkg + simpleName);
        return true;
      } catch (ClassNotFoundException e) {
        // not in this package
      }
    }
    return false;
  }

  private static boolean declares(List<Path> files, String member) {
    Pattern p = Pattern.compile("\\b" + Pattern.quote(member) + "\\b");
    for (Path f : files) {
      try {
        if (p.matcher(Files.readString(f)).find()) {
          return true;
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return false;
  }

  private static boolean packageExists(String pkg) throws IOException {
    String rel = pkg.replace('.', '/');
    try (Stream<Path> modules = Files.list(ROOT)) {
      return modules.anyMatch(mod -> Files.isDirectory(mod.resolve("src/main/java").resolve(rel)));
    }
  }

  /** Simple class name to its source files, over every module's main and test sources. */
  private static Map<String, List<Path>> sources() throws IOException {
    Map<String, List<Path>> out = new HashMap<>();
    try (Stream<Path> s = Files.walk(ROOT, 12)) {
      s.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/")
              && !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
          .forEach(p -> out.computeIfAbsent(p.getFileName().toString().replace(".java", ""), k -> new ArrayList<>()).add(p));
    }
    return out;
  }
}
