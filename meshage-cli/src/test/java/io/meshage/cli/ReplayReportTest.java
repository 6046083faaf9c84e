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

/** {@code meshage sim SCENARIO --html FILE}: one self-contained file with the run's topology frames, events and verdicts. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplayReportTest {
  @TempDir Path dir;

  static final String RING = "topology ring nodes=4\nrun 3s\nseed 5\nat 1s crash n2\nat 2s traffic set rate=10/s for=500ms\n";

  static int sim(Path dir, StringWriter out, StringWriter err, String... args) {
    CommandLine cmd = new CommandLine(new Main());
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    return cmd.execute(args);
  }

  /** Runs {@link #RING} with --html into {@code dir}; the report's path. */
  static Path ringReport(Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve("ring.scn"), RING);
    Path html = dir.resolve("report.html");
    StringWriter err = new StringWriter();
    int rc = sim(dir, new StringWriter(), err, "sim", f.toString(), "--out", dir.resolve("o").toString(),
        "--no-progress", "--no-plots", "--html", html.toString());
    assertThat(rc).as(err.toString()).isZero();
    return html;
  }

  @Test
  void writesOneSelfContainedFile() throws IOException {
    String html = Files.readString(ringReport(dir));
    assertThat(html)
        .contains("<title>meshage sim replay</title>")
        .contains("\"title\":\"ring.scn, seed 5\"")
        .contains("\"frames\":[{\"t\":0.000,\"nodes\":[\"n1\",\"n2\",\"n3\",\"n4\"],\"links\":[]},"
            + "{\"t\":0.100,\"nodes\":[\"n1\",\"n2\",\"n3\",\"n4\"],\"links\":[[0,1],[0,3],[1,2],[2,3]]},"
            + "{\"t\":1.100,\"nodes\":[\"n1\",\"n3\",\"n4\"],\"links\":[[0,2],[1,2]]}]")
        .contains("crash n2")
        .contains("\"delivered\":{\"count\":")
        .doesNotContain("__MESHAGE_REPLAY_DATA__");
    // nothing fetched from anywhere: no external scripts, styles or images
    assertThat(html).doesNotContain("<script src").doesNotContain("stylesheet").doesNotContain("https://")
        .doesNotContain("<img");
  }

  @Test
  void htmlNeedsAScenario() {
    StringWriter err = new StringWriter();
    assertThat(sim(dir, new StringWriter(), err, "sim", "--html", dir.resolve("r.html").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--html is for a SCENARIO run");
  }
}
