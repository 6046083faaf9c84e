package io.meshage.rpc;

/**
 * Who is calling: an RPC method that declares a second parameter of this type gets the caller's
 * node name and the procedure name, e.g. {@code public Reply sumDiff(Args a, RpcContext ctx)}.
 */
public final class RpcContext {
  private final String sender;
  private final String method;

  /** The context of a call of {@code method} from {@code sender}; public so that a test can call a method with one. */
  public RpcContext(String sender, String method) {
    this.sender = sender;
    this.method = method;
  }

  /** The name of the node that called (this node's own name for a call to itself). */
  public String sender() {
    return sender;
  }

  /** The procedure called, {@code "Type.method"}. */
  public String method() {
    return method;
  }

  @Override
  public String toString() {
    return method + " from " + sender;
  }
}
