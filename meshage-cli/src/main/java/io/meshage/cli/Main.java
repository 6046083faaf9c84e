package io.meshage.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code meshage} command: entry point of the launcher script and the CLI jar. */
@Command(
    name = "meshage",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A self-configuring message mesh: run a node, a lab of node processes, a demo or a simulation.",
    subcommands = {NodeCommand.class, LabCommand.class, DemoCommand.class, SimCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Builds the picocli command line; exit codes: 0 ok, 2 bad arguments, 1 runtime failure. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? 2 : 1);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          ex.getCommandLine().getErr().println("meshage: " + withOrigin(ex));
          if (ex instanceof CommandLine.UnmatchedArgumentException u) {
            List<String> close = new ArrayList<>();
            for (String s : u.getSuggestions()) {
              if (!s.startsWith("-") || u.getUnmatched().stream().anyMatch(a -> a.startsWith("-"))) {
                close.add(s);
              }
            }
            if (!close.isEmpty()) {
              ex.getCommandLine().getErr().println("did you mean: " + String.join(", ", close) + "?");
            }
          }
          return 2;
        });
    return cl;
  }

  /** The message, led by the file, line and key (or the variable) when the bad value came from there. */
  static String withOrigin(CommandLine.ParameterException ex) {
    CommandLine.IDefaultValueProvider provider = ex.getCommandLine().getDefaultValueProvider();
    String origin = ex.getArgSpec() != null && provider instanceof NodeSettings s ? s.describe(ex.getArgSpec()) : null;
    return origin == null ? ex.getMessage() : origin + ": " + ex.getMessage();
  }

  public static void main(String[] args) {
    CliLogging.setUp();
    System.exit(commandLine().execute(args));
  }
}
