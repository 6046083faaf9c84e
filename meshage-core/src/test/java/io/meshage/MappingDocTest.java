package io.meshage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reads docs/from-diarkis-and-meshage.md: every row says covered, partial or left out, and every
 * Java name in the "Ours" column ({@code Class.member} or {@code Class.Nested.member}) is public API.
 */
@Timeout(30)
class MappingDocTest {
  private static final Path DOC = Path.of("..", "docs", "from-diarkis-and-meshage.md");
  private static final List<String> PACKAGES =
      List.of("io.meshage", "io.meshage.command", "io.meshage.rpc", "io.meshage.group", "io.meshage.routing");
  private static final Pattern JAVA_NAME = Pattern.compile("`([A-Z][A-Za-z0-9]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)`");

  record Row(int line, String reference, String ours, String status) {}

  static List<Row> rows() throws IOException {
    List<Row> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(DOC);
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (!l.startsWith("| ") || l.startsWith("| Reference ")) {
        continue;
      }
      String[] cells = l.substring(2, l.length() - 2).split(" \\| ");
      assertThat(cells).as("line %d has three cells: %s", i + 1, l).hasSize(3);
      rows.add(new Row(i + 1, cells[0], cells[1], cells[2]));
    }
    return rows;
  }

  @Test
  void everyRowHasAStatusAndEveryJavaNameExists() throws Exception {
    List<Row> rows = rows();
    assertThat(rows).hasSizeGreaterThan(170);
    List<String> missing = new ArrayList<>();
    int names = 0;
    for (Row r : rows) {
      assertThat(r.status()).as("line %d", r.line()).matches("(covered|partial|left out).*");
      if (r.ours().equals("—")) {
        assertThat(r.status()).as("line %d: no Java name, so left out", r.line()).startsWith("left out: ");
        continue;
      }
      Matcher m = JAVA_NAME.matcher(r.ours());
      boolean any = false;
      while (m.find()) {
        any = true;
        names++;
        if (!exists(m.group(1))) {
          missing.add("line " + r.line() + ": " + m.group(1));
        }
      }
      assertThat(any).as("line %d names something of ours: %s", r.line(), r.ours()).isTrue();
    }
    assertThat(missing).as("names in the mapping that are not public API").isEmpty();
    System.out.printf("%d rows, %d Java names checked%n", rows.size(), names);
  }

  @Test
  void theCheckCatchesANameThatDoesNotExist() throws Exception {
    assertThat(exists("ClusterInfo.siblingNode")).isTrue();
    assertThat(exists("MeshConfig.Builder.guest")).isTrue();
    assertThat(exists("BilateralRpc.DEFAULT_TIMEOUT")).isTrue();
    assertThat(exists("ClusterInfo.noSuchThing")).isFalse();
    assertThat(exists("NoSuchClass.name")).isFalse();
    assertThat(exists("MeshConfig.Builder")).isTrue();
  }

  /** Whether {@code name} (Class, Class.member or Class.Nested.member) is public in our packages. */
  static boolean exists(String name) {
    String[] parts = name.split("\\.");
    Class<?> c = null;
    for (String p : PACKAGES) {
      try {
        c = Class.forName(p + "." + parts[0]);
        break;
      } catch (ClassNotFoundException e) {
        // try the next package
      }
    }
    if (c == null || !Modifier.isPublic(c.getModifiers())) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i];
      Class<?> nested = Arrays.stream(c.getClasses()).filter(n -> n.getSimpleName().equals(part)).findFirst()
          .orElse(null);
      if (nested != null) {
        c = nested;
        continue;
      }
      if (i != parts.length - 1) {
        return false;
      }
      Class<?> owner = c;
      return Arrays.stream(owner.getMethods()).anyMatch(x -> x.getName().equals(part))
          || Arrays.stream(owner.getFields()).anyMatch(x -> x.getName().equals(part));
    }
    return true;
  }
}
