package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's {@code meshage sim} samples are generated: every region between
 * {@code <!-- sample: sim ARGS -->} and {@code <!-- /sample -->} must equal the command, the
 * scenario file it names (from {@code scenarios/}) and the stdout of a fresh run with those
 * arguments. With {@code -Dreadme.update=true} the test rewrites the regions (and the mesh plot
 * of the first sample, docs/images/scenario-mesh.png) instead of failing.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReadmeSamplesTest {
  private static final Pattern SAMPLE =
      Pattern.compile("<!-- sample: sim ([^>]*?) -->\\n(.*?)<!-- /sample -->\\n", Pattern.DOTALL);
  private static final String FENCE = "```";

  @TempDir Path tmp;

  @Test
  void theReadmeSimSamplesMatchAFreshRun() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    Path readme = root.resolve("README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    Matcher m = SAMPLE.matcher(text);
    StringBuilder fresh = new StringBuilder();
    List<String> stale = new ArrayList<>();
    int samples = 0;
    while (m.find()) {
      String args = m.group(1);
      String generated = generate(root, args, samples == 0);
      if (!generated.equals(m.group(2))) {
        stale.add(args);
      }
      m.appendReplacement(fresh, Matcher.quoteReplacement(
          "<!-- sample: sim " + args + " -->\n" + generated + "<!-- /sample -->\n"));
      samples++;
    }
    m.appendTail(fresh);
    assertThat(samples).as("sample regions in README.md").isGreaterThanOrEqualTo(2);
    if (Boolean.getBoolean("readme.update")) {
      Files.writeString(readme, fresh.toString(), StandardCharsets.UTF_8);
      return;
    }
    assertThat(stale).as("README samples that differ from a fresh run (rewrite them with"
        + " mvn -o -pl meshage-cli -am test -Dtest=ReadmeSamplesTest -Dreadme.update=true"
        + " -Dsurefire.failIfNoSpecifiedTests=false)").isEmpty();
    assertThat(fresh.toString()).isEqualTo(text);
  }

  /** The command line, the scenario file and the run's stdout, as three fenced blocks. */
  private String generate(Path root, String args, boolean keepPlot) throws IOException {
    String[] words = args.split(" ");
    Path scenario = root.resolve(words[0]);
    String outName = null;
    List<String> argv = new ArrayList<>(List.of("sim", scenario.toString()));
    Path out = tmp.resolve("run-" + words[0].replaceAll("[^A-Za-z0-9]", "_"));
    for (int i = 1; i < words.length; i++) {
      if (words[i].equals("--out")) {
        outName = words[++i];
        argv.add("--out");
        argv.add(out.toString());
      } else {
        argv.add(words[i]);
      }
    }
    assertThat(outName).as("a sample names its --out folder").isNotNull();
    argv.add("--no-progress");
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    CommandLine cmd = new CommandLine(new Main());
    cmd.setOut(new PrintWriter(stdout));
    cmd.setErr(new PrintWriter(stderr));
    int rc = cmd.execute(argv.toArray(String[]::new));
    assertThat(rc).as(args + ": " + stderr).isZero();
    if (keepPlot && Boolean.getBoolean("readme.update")) {
      Files.copy(out.resolve("mesh.png"), root.resolve("docs/images/scenario-mesh.png"),
          StandardCopyOption.REPLACE_EXISTING);
    }
    String printed = stdout.toString().replace(out.toString(), outName);
    return FENCE + "sh\n./meshage sim " + args + "\n" + FENCE + "\n\n"
        + FENCE + "\n" + Files.readString(scenario, StandardCharsets.UTF_8) + FENCE + "\n\n"
        + FENCE + "\n" + printed + FENCE + "\n";
  }
}
