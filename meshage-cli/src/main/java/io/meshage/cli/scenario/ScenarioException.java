package io.meshage.cli.scenario;

/** A scenario file that cannot be read; the message names the line and the field. */
public final class ScenarioException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ScenarioException(int line, String field, String problem) {
    super("line " + line + ", " + field + ": " + problem);
  }
}
