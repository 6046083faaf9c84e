package io.meshage;

/** Root of the mesh's failures; the message says what failed, for which node, and what to do. */
public class MeshException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MeshException(String message) {
    super(message);
  }

  public MeshException(String message, Throwable cause) {
    super(message, cause);
  }
}
