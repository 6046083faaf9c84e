package io.meshage;

/** The destination node has no route from here (not in the mesh, or the route vanished). */
public class UnreachableException extends MeshException {
  private static final long serialVersionUID = 1L;
  private final String node;

  public UnreachableException(String node, String message) {
    super(message);
    this.node = node;
  }

  /** The node that could not be reached. */
  public String node() {
    return node;
  }
}
