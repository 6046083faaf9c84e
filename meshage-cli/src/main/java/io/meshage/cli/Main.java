package io.meshage.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code meshage} command: entry point of the launcher script and the CLI jar. */
@Command(
    name = "meshage",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A self-configuring message mesh: run a node, a demo or a simulation.",
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
          ex.getCommandLine().getErr().println("meshage: " + ex.getMessage());
          return 2;
        });
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
