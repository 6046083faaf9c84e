package io.meshage.internal.rpc;

import io.meshage.rpc.BilateralRpc;
import io.meshage.rpc.RpcCounter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * How this node's calls wait and retry: the timeout floor (a shorter one raised to {@link
 * BilateralRpc#MIN_TIMEOUT}, logged once, counted) and the retries of methods marked idempotent.
 */
final class CallPolicy {
  private static final Logger LOG = LogManager.getLogger(CallPolicy.class);
  static final int MAX_RETRIES = 100;

  private final String self;
  private final RpcCounters stats;
  private final Map<String, Integer> retries = new ConcurrentHashMap<>();
  private final AtomicBoolean raisedOnce = new AtomicBoolean();

  CallPolicy(String self, RpcCounters stats) {
    this.self = self;
    this.stats = stats;
  }

  void markIdempotent(String method, int times) {
    if (times < 0 || times > MAX_RETRIES) {
      throw new IllegalArgumentException("retries must be in 0.." + MAX_RETRIES + ", got " + times);
    }
    if (times == 0) {
      retries.remove(method);
    } else {
      retries.put(method, times);
    }
  }

  int retries(String method) {
    return retries.getOrDefault(method, 0);
  }

  /** {@code timeout}, raised to {@link BilateralRpc#MIN_TIMEOUT} when shorter. */
  Duration effectiveTimeout(Duration timeout) {
    checkTimeout(timeout);
    if (timeout.compareTo(BilateralRpc.MIN_TIMEOUT) >= 0) {
      return timeout;
    }
    stats.increment(RpcCounter.TIMEOUTS_RAISED);
    if (raisedOnce.compareAndSet(false, true)) {
      LOG.warn("[{}] an RPC timeout of {} ms was raised to the minimum of {} ms (logged once)", self,
          timeout.toMillis(), BilateralRpc.MIN_TIMEOUT.toMillis());
    }
    return BilateralRpc.MIN_TIMEOUT;
  }

  static long checkTimeout(Duration timeout) {
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    return timeout.toNanos();
  }
}
