package io.meshage.cli;

import io.meshage.cli.scenario.Scenario;
import io.meshage.cli.scenario.ScenarioException;
import io.meshage.cli.scenario.ScenarioOutput;
import io.meshage.cli.scenario.ScenarioParser;
import io.meshage.cli.scenario.ScenarioRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;

/**
 * {@code meshage sim SCENARIO}: parses the file, runs it with a progress bar on stderr when on a
 * terminal (virtual milliseconds), and prints the report on stdout; the seed is --seed, else the file's, else random.
 */
final class ScenarioSim {
  private ScenarioSim() {}

  static int run(CommandLine cmd, Path file, Long seedOption, Path outDir, boolean progress, boolean plots, Path html) {
    PrintWriter err = cmd.getErr();
    if (!Files.isRegularFile(file)) {
      return fail(err, file + ": " + (Files.exists(file) ? "not a file" : "no such file"));
    }
    if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
      return fail(err, "--out: " + outDir + " exists and is not a folder (name a folder, new or existing)");
    }
    Scenario s;
    try {
      s = ScenarioParser.parse(file);
    } catch (ScenarioException e) {
      return fail(err, file + ": " + e.getMessage());
    } catch (IOException | UncheckedIOException e) {
      return fail(err, file + ": cannot read: " + reason(e));
    }
    long seed = seedOption != null ? seedOption : s.seed() != null ? s.seed() : new Random().nextLong();
    PrintWriter out = cmd.getOut();
    try {
      ScenarioOutput output = new ScenarioOutput(outDir, plots);
      if (html != null) {
        output.html(html, file.getFileName() + ", seed " + seed);
      }
      ScenarioRunner runner = new ScenarioRunner(s, seed, output);
      if (!progress || System.console() == null) {
        runner.run(out, ms -> {});
        return 0;
      }
      try (ProgressBar bar = new ProgressBarBuilder()
          .setTaskName("virtual time")
          .setInitialMax(s.runNanos() / 1_000_000)
          .setUnit(" s", 1000)
          .setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(200)
          .setConsumer(new ConsoleProgressBarConsumer(System.err, 78))
          .build()) {
        runner.run(out, bar::stepTo);
      }
      return 0;
    } catch (IOException | UncheckedIOException e) {
      out.flush();
      return fail(err, "--out: cannot write into " + outDir + ": " + reason(e));
    }
  }

  /**
   * Checks the file and prints what a real testbed needs: {@code run NS}, {@code sample NS},
   * {@code discovery DEGREE} or {@code fixed}, one {@code node NAME} per node and one
   * {@code link A B DELAY_NS} per fixed edge (delay 0: the default), then the topology's note.
   */
  static int plan(CommandLine cmd, Path file, Long seedOption) {
    PrintWriter err = cmd.getErr();
    if (!Files.isRegularFile(file)) {
      return fail(err, file + ": " + (Files.exists(file) ? "not a file" : "no such file"));
    }
    Scenario s;
    try {
      s = ScenarioParser.parse(file);
    } catch (ScenarioException e) {
      return fail(err, file + ": " + e.getMessage());
    } catch (IOException | UncheckedIOException e) {
      return fail(err, file + ": cannot read: " + reason(e));
    }
    long seed = seedOption != null ? seedOption : s.seed() != null ? s.seed() : 1;
    PrintWriter out = cmd.getOut();
    out.println("run " + s.runNanos());
    out.println("sample " + s.sampleNanos());
    out.println(s.topology().discovery() ? "discovery " + s.topology().degree() : "fixed");
    s.topology().names().forEach(n -> out.println("node " + n));
    if (!s.topology().discovery()) {
      for (java.util.List<String> e : ScenarioRunner.fixedEdges(s.topology(), seed)) {
        out.println("link " + e.get(0) + " " + e.get(1) + " " + s.topology().linkDelays().getOrDefault(e, 0L));
      }
    }
    if (!s.topology().note().isEmpty()) {
      out.println("note " + s.topology().note());
    }
    out.flush();
    return 0;
  }

  private static int fail(PrintWriter err, String line) {
    err.println(line);
    err.flush();
    return 2;
  }

  /** The innermost cause's message, with its type when the message alone is only a path. */
  private static String reason(Exception e) {
    Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
    String kind = t.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2");
    return kind.toLowerCase(java.util.Locale.ROOT) + " (" + t.getMessage() + ")";
  }
}
