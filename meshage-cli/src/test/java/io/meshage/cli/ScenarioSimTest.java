package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScenarioSimTest {
  @TempDir Path dir;

  private int run(StringWriter out, StringWriter err, String... args) {
    CommandLine cmd = new CommandLine(new Main());
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    return cmd.execute(args);
  }

  @Test
  void runsAScenarioFileWithTheGivenSeed() throws IOException {
    Path f = dir.resolve("s.scn");
    Files.writeString(f, "topology ring nodes=4\nrun 3s\nseed 5\nat 1s crash n2\nat 2s traffic set rate=10/s for=500ms\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = run(out, err, "sim", f.toString(), "--seed", "9", "--out", dir.resolve("o").toString(), "--no-progress", "--no-plots");
    assertThat(rc).as(err.toString()).isZero();
    assertThat(out.toString()).contains("seed 9").contains("t=1.000s crash n2 (n2)").contains("traffic: 5 sends");
    assertThat(dir.resolve("o/timeline.csv")).exists();
    assertThat(dir.resolve("o/mesh.png")).doesNotExist();
  }

  @Test
  void aBadScenarioNamesTheFileLineAndField() throws IOException {
    Path f = dir.resolve("bad.scn");
    Files.writeString(f, "topology ring nodes=4\nat 1s loss lots\n");
    StringWriter err = new StringWriter();
    assertThat(run(new StringWriter(), err, "sim", f.toString(), "--no-progress")).isEqualTo(2);
    assertThat(err.toString()).contains("bad.scn: line 2, loss: expected a percentage like 5% or 0.05, got 'lots'");
  }

  @Test
  void mistakesAreOneLineNamingFileLineAndField() throws IOException {
    Path empty = dir.resolve("empty.scn");
    Files.writeString(empty, "");
    Path ring = dir.resolve("ring.scn");
    Files.writeString(ring, "topology ring nodes=5\nat 1s crash 9\n");
    Path ok = dir.resolve("ok.scn");
    Files.writeString(ok, "topology ring nodes=3\nrun 1s\n");
    Path taken = dir.resolve("taken");
    Files.writeString(taken, "x");
    assertOneLine(empty.toString(), empty + ": line 1, topology: the file is empty (it needs a 'topology' line, then events)");
    assertOneLine(ring.toString(), ring + ": line 2, crash: 9 nodes, but at most 5 are live at 1.000s");
    assertOneLine(dir.resolve("none.scn").toString(), dir.resolve("none.scn") + ": no such file");
    assertOneLine(dir.toString(), dir + ": not a file");
    StringWriter err = new StringWriter();
    StringWriter out = new StringWriter();
    assertThat(run(out, err, "sim", ok.toString(), "--out", taken.toString(), "--no-progress")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("--out: " + taken + " exists and is not a folder (name a folder, new or existing)"
        + System.lineSeparator());
    assertThat(out.toString()).isEmpty();
  }

  private void assertOneLine(String scenario, String message) {
    StringWriter err = new StringWriter();
    assertThat(run(new StringWriter(), err, "sim", scenario, "--out", dir.resolve("o").toString(), "--no-progress"))
        .isEqualTo(2);
    assertThat(err.toString()).isEqualTo(message + System.lineSeparator());
  }

  @Test
  void planPrintsTheResolvedTopologyForTheTestbed() throws IOException {
    Path f = dir.resolve("p.scn");
    Files.writeString(f, "topology chain nodes=3\nrun 5s\nsample 50ms\nat 1s crash n2\n");
    StringWriter out = new StringWriter();
    assertThat(run(out, new StringWriter(), "sim", f.toString(), "--plan")).isZero();
    assertThat(out.toString().replace(System.lineSeparator(), "\n")).isEqualTo(
        "run 5000000000\nsample 50000000\nfixed\nnode n1\nnode n2\nnode n3\nlink n1 n2 0\nlink n2 n3 0\n");
    Path bad = dir.resolve("bad.scn");
    Files.writeString(bad, "topology ring nodes=5\nat 1s crash 9\n");
    StringWriter err = new StringWriter();
    assertThat(run(new StringWriter(), err, "sim", bad.toString(), "--plan")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo(bad + ": line 2, crash: 9 nodes, but at most 5 are live at 1.000s"
        + System.lineSeparator());
  }

  @Test
  void theOldExperimentStillRuns() {
    StringWriter out = new StringWriter();
    assertThat(run(out, new StringWriter(), "sim", "--nodes", "5", "--kill", "1", "--seed", "3")).isZero();
    assertThat(out.toString()).contains("re-converged (views agree) after").contains("one mesh again after");
  }
}
