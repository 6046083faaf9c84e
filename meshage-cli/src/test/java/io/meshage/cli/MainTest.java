package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  @Test
  void helpPrintsUsage() {
    String[] r = run("--help");
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[1]).contains("Usage: meshage");
  }

  @Test
  void versionComesFromTheBuild() {
    String[] r = run("--version");
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[1]).startsWith("meshage 0.").doesNotContain("${");
  }

  @Test
  void badOptionExitsWithTwo() {
    String[] r = run("--no-such-option");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).startsWith("meshage: ");
  }
}
