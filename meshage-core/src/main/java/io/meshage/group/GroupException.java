package io.meshage.group;

import io.meshage.MeshException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A group operation failed: {@link #operation()} says which, {@link #reason()} why. Futures of
 * {@link Groups} fail with it; {@link #isJoinError} and friends test any throwable as Diarkis'
 * IsJoinError does.
 */
public final class GroupException extends MeshException {
  private static final long serialVersionUID = 1L;
  private final GroupOperation operation;
  private final GroupError reason;

  public GroupException(GroupOperation operation, GroupError reason, String message) {
    super(message);
    this.operation = operation;
    this.reason = reason;
  }

  public GroupException(GroupOperation operation, GroupError reason, String message, Throwable cause) {
    super(message, cause);
    this.operation = operation;
    this.reason = reason;
  }

  public GroupOperation operation() {
    return operation;
  }

  public GroupError reason() {
    return reason;
  }

  /** The GroupException in {@code t} or its causes (CompletionException unwrapped); null if none. */
  public static GroupException of(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof GroupException g) {
        return g;
      }
      if (!(c instanceof CompletionException) && !(c instanceof ExecutionException)
          && c != t) {
        break;
      }
    }
    return null;
  }

  /** Whether {@code t} is or wraps a failed join. */
  public static boolean isJoinError(Throwable t) {
    GroupException g = of(t);
    return g != null && g.operation == GroupOperation.JOIN;
  }

  /** Whether {@code t} is or wraps a failed leave. */
  public static boolean isLeaveError(Throwable t) {
    GroupException g = of(t);
    return g != null && g.operation == GroupOperation.LEAVE;
  }

  /** Whether {@code t} is or wraps a failed create. */
  public static boolean isNewGroupError(Throwable t) {
    GroupException g = of(t);
    return g != null && g.operation == GroupOperation.CREATE;
  }
}
