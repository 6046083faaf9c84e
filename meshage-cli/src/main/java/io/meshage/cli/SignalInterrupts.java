package io.meshage.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C for a shell without a terminal (stdin piped): while a command runs, SIGINT cancels it;
 * the JVM's own handler (which ends the process) is back as soon as the command ends.
 */
final class SignalInterrupts implements LineSource.Interrupts {
  private static final Signal INT = new Signal("INT");
  private final SignalHandler previous;

  private SignalInterrupts(SignalHandler previous) {
    this.previous = previous;
  }

  static LineSource.Interrupts install(Runnable cancel) {
    try {
      return new SignalInterrupts(Signal.handle(INT, s -> cancel.run()));
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      return () -> {}; // no SIGINT here (or the JVM runs with -Xrs): Ctrl-C keeps its default
    }
  }

  @Override
  public void close() {
    Signal.handle(INT, previous);
  }
}
