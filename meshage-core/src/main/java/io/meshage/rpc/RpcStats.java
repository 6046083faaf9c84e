package io.meshage.rpc;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one node's RPC layer; thread-safe, for {@code node.rpc().stats()} and tests. */
public final class RpcStats {
  private final Map<RpcCounter, LongAdder> counters = new EnumMap<>(RpcCounter.class);

  RpcStats() {
    for (RpcCounter c : RpcCounter.values()) {
      counters.put(c, new LongAdder());
    }
  }

  void increment(RpcCounter c) {
    counters.get(c).increment();
  }

  /** The current value of {@code c}. */
  public long get(RpcCounter c) {
    return counters.get(c).sum();
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
    counters.forEach((c, v) -> {
      long n = v.sum();
      if (n != 0) {
        sb.append(sb.length() > 9 ? ", " : "").append(c).append('=').append(n);
      }
    });
    return sb.append('}').toString();
  }
}
