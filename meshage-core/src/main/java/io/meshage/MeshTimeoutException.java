package io.meshage;

/** No answer or ACK arrived within the timeout. */
public class MeshTimeoutException extends MeshException {
  private static final long serialVersionUID = 1L;

  public MeshTimeoutException(String message) {
    super(message);
  }
}
