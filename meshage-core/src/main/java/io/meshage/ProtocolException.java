package io.meshage;

/** Bytes on a link or in a datagram that break the protocol; the link is closed with this reason. */
public class ProtocolException extends MeshException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }
}
