package io.meshage.cli;

import java.io.IOException;
import java.io.PrintWriter;

/** The read-run-print loop of a node: one command per line until {@code quit} or end of input. */
final class Shell {
  private final ShellCommands commands;
  private final LineSource source;

  Shell(ShellCommands commands, LineSource source) {
    this.commands = commands;
    this.source = source;
  }

  /** Runs until {@code quit}, end of input or an interrupt; a failing command never ends it. */
  void run() throws IOException {
    PrintWriter out = source.out();
    String line;
    while ((line = source.readLine()) != null) {
      Reply reply = commands.execute(line, false);
      for (String l : reply.lines()) {
        out.println(l);
      }
      out.flush();
      if (reply.quit()) {
        return;
      }
    }
  }
}
