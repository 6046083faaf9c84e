package io.meshage.tools.baseline;

/**
 * The server object of the RPC phase; public because JGroups' {@code RpcDispatcher} calls it by
 * reflection. Not part of any API.
 */
public final class EchoService {
  /** The method id {@link RpcLatency} calls. */
  static final short ECHO = 0;

  /** Returns its argument: the reply is as large as the request. */
  public byte[] echo(byte[] payload) {
    return payload;
  }
}
