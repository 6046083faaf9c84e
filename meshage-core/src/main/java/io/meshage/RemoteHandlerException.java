package io.meshage;

/** A handler on a remote node failed; the message carries the remote error. */
public class RemoteHandlerException extends MeshException {
  private static final long serialVersionUID = 1L;
  private final String node;

  public RemoteHandlerException(String node, String message) {
    super(message);
    this.node = node;
  }

  public String node() {
    return node;
  }
}
