package io.meshage.rpc;

/** Counters of one node's RPC layer, read-only; thread-safe, for {@code node.rpc().stats()} and tests. */
public abstract class RpcStats {

  /** For the RPC layer's own counters (a subclass made elsewhere counts nothing). */
  protected RpcStats() {}

  /** The current value of {@code c}. */
  public abstract long get(RpcCounter c);

  /** {@code RpcStats{CALLS=3, ...}}: the counters that are not zero, in declaration order. */
  @Override
  public final String toString() {
    StringBuilder sb = new StringBuilder("RpcStats{");
    for (RpcCounter c : RpcCounter.values()) {
      long n = get(c);
      if (n != 0) {
        sb.append(sb.length() > 9 ? ", " : "").append(c).append('=').append(n);
      }
    }
    return sb.append('}').toString();
  }
}
