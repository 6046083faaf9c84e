package io.meshage.rpc;

import java.util.Objects;

/**
 * What one target made of one {@link BilateralRpc#call}: its status and, for {@link Status#OK},
 * the method's return value; otherwise the reason. A call returns exactly one per target.
 *
 * @param <T> the reply type asked for
 */
public final class Response<T> {
  /** How a target's part of a call ended. */
  public enum Status {
    /** The method ran and returned {@link #value()} (null for void methods and null returns). */
    OK,
    /**
     * The method threw: {@link #errorClass()} and {@link #error()} are the remote exception's class
     * and message. Also used when the argument did not suit the method (wrong type, cannot be
     * decoded there) or the reply could not be used here (cannot be decoded, not the reply type).
     */
    REMOTE_ERROR,
    /** The target did not answer within the timeout (it may still have run the method). */
    TIMEOUT,
    /** The target is not in the mesh, has no route, or left the reachable mesh during the call. */
    UNREACHABLE,
    /** The target has no method of that name registered. */
    NO_SUCH_METHOD,
    /**
     * The call completed before this target answered, because its {@link ResponseMode} was
     * satisfied by others (modes FIRST and first(n) only); a later answer is discarded.
     */
    PENDING
  }

  private final String from;
  private final Status status;
  private final T value;
  private final String errorClass;
  private final String error;

  private Response(String from, Status status, T value, String errorClass, String error) {
    this.from = Objects.requireNonNull(from, "from");
    this.status = Objects.requireNonNull(status, "status");
    this.value = value;
    this.errorClass = errorClass;
    this.error = error;
  }

  /** A successful response from {@code from}: for the RPC layer, and for tests of code that reads responses. */
  public static <T> Response<T> ok(String from, T value) {
    return new Response<>(from, Status.OK, value, null, null);
  }

  /**
   * A failed response from {@code from}: for the RPC layer, and for tests of code that reads responses.
   *
   * @throws IllegalArgumentException for status OK
   */
  public static <T> Response<T> failed(String from, Status status, String errorClass, String error) {
    if (status == Status.OK) {
      throw new IllegalArgumentException("a failed response cannot have status OK");
    }
    return new Response<>(from, status, null, errorClass, error);
  }

  /** The target node. */
  public String from() {
    return from;
  }

  public Status status() {
    return status;
  }

  /** Whether the method ran and returned. */
  public boolean isOk() {
    return status == Status.OK;
  }

  /** The return value for {@link Status#OK}, else null. */
  public T value() {
    return value;
  }

  /** The remote exception's class name for {@link Status#REMOTE_ERROR}, else null. */
  public String errorClass() {
    return errorClass;
  }

  /** Why it did not succeed (the remote exception's message for REMOTE_ERROR); null when OK. */
  public String error() {
    return error;
  }

  @Override
  public String toString() {
    if (status == Status.OK) {
      return from + ": OK " + value;
    }
    return from + ": " + status + (errorClass == null ? "" : " " + errorClass) + " (" + error + ")";
  }
}
