package io.meshage.rpc;


/** Counters of one node's RPC layer; thread-safe, for {@code node.rpc().stats()} and tests. */
public final class RpcStats {
  private final io.meshage.internal.EnumCounters<RpcCounter> counters =
      new io.meshage.internal.EnumCounters<>(RpcCounter.class);

  RpcStats() {}

  void increment(RpcCounter c) {
    counters.increment(c);
  }

  /** The current value of {@code c}. */
  public long get(RpcCounter c) {
    return counters.get(c);
  }

  static RpcCounter resultCounter(Response.Status s) {
    return switch (s) {
      case OK -> RpcCounter.RESULTS_OK;
      case REMOTE_ERROR -> RpcCounter.RESULTS_REMOTE_ERROR;
      case TIMEOUT -> RpcCounter.RESULTS_TIMEOUT;
      case UNREACHABLE -> RpcCounter.RESULTS_UNREACHABLE;
      case NO_SUCH_METHOD -> RpcCounter.RESULTS_NO_SUCH_METHOD;
      case PENDING -> RpcCounter.RESULTS_PENDING;
    };
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("RpcStats{");
    counters.snapshot().forEach((c, n) -> {
      if (n != 0) {
        sb.append(sb.length() > 9 ? ", " : "").append(c).append('=').append(n);
      }
    });
    return sb.append('}').toString();
  }
}
