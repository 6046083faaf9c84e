package io.meshage.cli;

import java.util.List;

/**
 * What one shell command line produced: its output lines, whether it succeeded, and whether it
 * asked the shell to end.
 */
record Reply(boolean ok, boolean quit, List<String> lines) {
  Reply {
    lines = List.copyOf(lines);
  }

  static Reply of(List<String> lines) {
    return new Reply(true, false, lines);
  }

  static Reply of(String line) {
    return of(List.of(line));
  }

  static Reply empty() {
    return of(List.of());
  }

  /** A failed command: one line starting {@code error: }. */
  static Reply error(String reason) {
    return new Reply(false, false, List.of("error: " + reason));
  }

  static Reply leave() {
    return new Reply(true, true, List.of());
  }
}
