package io.meshage.cli;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * The read-run-print loop of a node: one command per line until {@code quit} or end of input.
 * Long commands print as they go; Ctrl-C while one runs cancels it and the shell goes on.
 */
final class Shell {
  private final ShellCommands commands;
  private final LineSource source;

  Shell(ShellCommands commands, LineSource source) {
    this.commands = commands;
    this.source = source;
  }

  /** Runs until {@code quit}, end of input or an interrupt at the prompt; a failing command never ends it. */
  void run() throws IOException {
    PrintWriter out = source.out();
    String line;
    while ((line = source.readLine()) != null) {
      Thread self = Thread.currentThread();
      Reply reply;
      try (LineSource.Interrupts ignored = source.onInterrupt(self::interrupt)) {
        reply = commands.run(line, false, l -> print(out, l));
      }
      Thread.interrupted(); // a Ctrl-C that came as the command ended must not cancel the next one
      synchronized (out) {
        for (String l : reply.lines()) {
          out.println(l);
        }
        out.flush();
      }
      if (reply.quit()) {
        return;
      }
    }
  }

  private static void print(PrintWriter out, String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
