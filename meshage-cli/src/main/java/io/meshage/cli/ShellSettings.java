package io.meshage.cli;

import java.time.Duration;

/**
 * How a node's shell behaves: whether {@code shell CMD} may run, how long {@code mesh send} waits
 * and {@code shell} may run (zero = no limit), and whether listings print JSON.
 */
record ShellSettings(boolean allowShell, Duration sendTimeout, Duration shellTimeout, boolean json) {
  /** No limits, text output. */
  static ShellSettings of(boolean allowShell) {
    return new ShellSettings(allowShell, Duration.ZERO, Duration.ZERO, false);
  }
}
