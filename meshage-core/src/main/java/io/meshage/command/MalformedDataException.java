package io.meshage.command;

/**
 * Thrown when bytes received from the wire cannot be decoded: truncated, trailing, of an unknown
 * version, or describing lengths that do not fit in the input. It is an {@link
 * IllegalArgumentException}, so callers that only want to reject bad input can catch that.
 */
public final class MalformedDataException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message says what was wrong and at which byte offset. */
  public MalformedDataException(String message) {
    super(message);
  }

  /** Creates the exception with the underlying cause (for example a UTF-8 decoding error). */
  public MalformedDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
