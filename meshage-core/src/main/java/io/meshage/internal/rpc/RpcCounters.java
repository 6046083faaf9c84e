package io.meshage.internal.rpc;

import io.meshage.internal.EnumCounters;
import io.meshage.rpc.Response;
import io.meshage.rpc.RpcCounter;
import io.meshage.rpc.RpcStats;

/** The RPC layer's counters: it counts here, and users read them through {@link RpcStats}. */
final class RpcCounters extends RpcStats {
  private final EnumCounters<RpcCounter> counters = new EnumCounters<>(RpcCounter.class);

  void increment(RpcCounter c) {
    counters.increment(c);
  }

  @Override
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
}
