package io.meshage.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;

/** Where the shell reads its lines and writes its answers: a terminal or plain streams. */
interface LineSource extends AutoCloseable {
  /** The next line, or null at the end of input (or when the user interrupts). */
  String readLine() throws IOException;

  /** Where answers go. */
  PrintWriter out();

  /**
   * While the returned handle is open, Ctrl-C (SIGINT) runs {@code cancel} instead of ending the
   * process: a running command is cancelled and the shell goes on.
   */
  default Interrupts onInterrupt(Runnable cancel) {
    return SignalInterrupts.install(cancel);
  }

  @Override
  void close();

  /** An installed Ctrl-C handler; closing it restores the previous one. */
  interface Interrupts extends AutoCloseable {
    @Override
    void close();
  }

  /** Line by line from a reader, no prompt and no terminal codes: for scripts and pipes. */
  static LineSource plain(BufferedReader in, PrintWriter out) {
    return new LineSource() {
      @Override
      public String readLine() throws IOException {
        return in.readLine();
      }

      @Override
      public PrintWriter out() {
        return out;
      }

      @Override
      public void close() {
        out.flush();
      }
    };
  }
}
