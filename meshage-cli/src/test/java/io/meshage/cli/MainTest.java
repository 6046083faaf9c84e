package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
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
  void shellOptionsAreCheckedAndNamed() {
    String[] r = run("node", "--name", "n1", "--bind", "127.0.0.1", "--discovery-port", "0", "--on-event", "failed=true");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).isEqualTo("meshage: --on-event runs OS commands: it needs --allow-shell" + System.lineSeparator());
    r = run("node", "--name", "n1", "--bind", "127.0.0.1", "--discovery-port", "0", "--format", "xml");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("--format is text or json, got 'xml'");
    r = run("node", "--name", "n1", "--bind", "127.0.0.1", "--discovery-port", "0", "--tag", "role");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("--tag takes KEY=VALUE, got 'role'");
    r = run("node", "--name", "n1", "--bind", "127.0.0.1", "--discovery-port", "0", "--insecure-shell",
        "--allow-shell", "--on-event", "crashed=true");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("EVENT one of joined, left, failed");
    r = run("lab", "--nodes", "0");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("--nodes must be in [1, 64], got 0");
  }

  @Test
  void httpIsLoopbackUnlessAllowedOnAKeyedNode() {
    String[] r = run("node", "--name", "n1", "--bind", "127.0.0.1", "--discovery-port", "0", "--http", "0.0.0.0:0");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("--http 0.0.0.0:0 is not a loopback address").contains("--http-allow-remote");
    r = run("node", "--name", "n1", "--bind", "127.0.0.1", "--discovery-port", "0", "--http", "0.0.0.0:0",
        "--http-allow-remote");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("--http-allow-remote needs a namespace key (--key-file)");
    r = run("node", "--name", "n1", "--bind", "127.0.0.1", "--discovery-port", "0", "--http-allow-remote");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("--http-allow-remote is for --http");
    r = run("demo", "--http", "10.1.2.3:8080");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("not a loopback address");
  }

  @Test
  void helpListsTheLab() {
    assertThat(run("--help")[1]).contains("lab", "node", "demo", "sim");
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

  @Test
  void nodeWithAnInvalidSettingExitsWithTwoAndNamesIt() {
    String[] r = run("node", "--name", "bad name", "--bind", "127.0.0.1", "--discovery-port", "0");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).startsWith("meshage: name must be").doesNotContain("\tat ");
  }

  @Test
  void nodeWithABadDiscoveryExitsWithTwoAndNamesIt() {
    String[] r = run("node", "--name", "n1", "--bind", "127.0.0.1", "--discovery-port", "0",
        "--discovery", "tcpping:hosts.xml");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("discovery must be jgroups:FILE.xml").doesNotContain("\tat ");
    r = run("node", "--name", "n1", "--bind", "127.0.0.1", "--discovery-port", "0",
        "--discovery", "jgroups:no-such-stack.xml");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("no-such-stack.xml is not a readable file");
  }

  @Test
  void nodeWithABadMetricsPortExitsWithTwo() {
    String[] r = run("node", "--name", "n1", "--bind", "127.0.0.1", "--discovery-port", "0",
        "--metrics-port", "70000");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("--metrics-port must be in [0, 65535]");
  }

  @Test
  void nodeWithABadEndpointExitsWithTwo() {
    for (String bad : new String[] {"nohost", "h:0", "h:70000", "h:port"}) {
      String[] r = run("node", "--name", "n1", "--bind", "127.0.0.1", "--discovery-port", "0",
          "--endpoint", bad);
      assertThat(r[0]).as(bad).isEqualTo("2");
      assertThat(r[2]).contains("--endpoint must be host:port");
    }
  }

  @Test
  void nodeWithABadDurationExitsWithTwo() {
    String[] r = run("node", "--name", "n1", "--msa", "soon");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("10s, 500ms or 2m");
  }

  @Test
  void nodeWithoutANameExitsWithTwo() {
    String[] r = run("node", "--degree", "3");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("--name");
  }

  @Test
  void simConvergesKillsAndReconverges() {
    String[] r = run("sim", "--nodes", "10", "--degree", "3", "--kill", "2", "--seed", "11");
    assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");
    assertThat(r[1])
        .contains("sim: 10 nodes, degree 3, kill 2, seed 11")
        .contains("converged after ")
        .contains("re-converged (views agree) after ")
        .contains("one mesh again after ")
        .contains(": 8 nodes in 1 component");
  }

  @Test
  void simRefusesKillingEveryNode() {
    String[] r = run("sim", "--nodes", "3", "--kill", "3");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).startsWith("meshage: --kill must be in [0, 2]");
  }
}
