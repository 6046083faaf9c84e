package io.meshage.cli;

import io.meshage.cli.scenario.Scenario;
import io.meshage.cli.scenario.ScenarioException;
import io.meshage.cli.scenario.ScenarioOutput;
import io.meshage.cli.scenario.ScenarioParser;
import io.meshage.cli.scenario.ScenarioRunner;
import java.io.IOException;
import java.io.PrintWriter;
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

  static int run(CommandLine cmd, Path file, Long seedOption, Path outDir, boolean progress, boolean plots, Path html)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new CommandLine.ParameterException(cmd, "SCENARIO: no such file " + file);
    }
    Scenario s;
    try {
      s = ScenarioParser.parse(file);
    } catch (ScenarioException e) {
      cmd.getErr().println(file + ": " + e.getMessage());
      cmd.getErr().flush();
      return 2;
    }
    long seed = seedOption != null ? seedOption : s.seed() != null ? s.seed() : new Random().nextLong();
    PrintWriter out = cmd.getOut();
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
  }
}
