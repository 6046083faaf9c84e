package io.meshage.internal.link;

import java.util.Arrays;

/**
 * The tail of a stream of delays (gaps between a link's arrivals, or the lateness of this node's
 * own checks): the worst value of each second over the last {@value #WINDOWS} seconds, each
 * counted up to a cap, to whose upper half an exponential tail is fitted (as phi-accrual detectors
 * fit a distribution to heartbeat arrivals) and extrapolated to the delay seen about once in 10^5
 * seconds: the median plus {@link #SCALES} times the upper half's mean excess over it. Owned by
 * the event loop.
 */
final class WorstTail {
  /** Seconds of worst values kept. */
  static final int WINDOWS = 64;
  static final long WINDOW_NANOS = 1_000_000_000L;
  /** Fewer windows than this: no tail yet (0). */
  static final int MIN_WINDOWS = 8;
  /** P(worst > p50 + t) = 0.5 exp(-t / scale) falls to 1e-5 per second at t = ln(0.5 / 1e-5) = 10.8 scales. */
  static final double SCALES = Math.log(0.5 / 1e-5);

  private final long[] worst = new long[WINDOWS];
  private int windows;
  private long windowEndNanos = Long.MIN_VALUE;
  private long windowWorst;
  private long tailNanos;

  /** Adds {@code value} (up to {@code cap}) observed at {@code now}; closes the second when it is over. */
  void add(long value, long cap, long now) {
    windowWorst = Math.max(windowWorst, Math.min(value, cap));
    if (windowEndNanos == Long.MIN_VALUE) {
      windowEndNanos = now + WINDOW_NANOS;
    } else if (now >= windowEndNanos) {
      worst[windows % WINDOWS] = windowWorst;
      windows = windows + 1 == 2 * WINDOWS ? WINDOWS : windows + 1;
      windowWorst = 0;
      windowEndNanos = now + WINDOW_NANOS;
      tailNanos = fit();
    }
  }

  /** Whether {@link #MIN_WINDOWS} seconds were seen: the tail is fitted. */
  boolean ready() {
    return windows >= MIN_WINDOWS;
  }

  /** The extrapolated delay, or 0 while fewer than {@link #MIN_WINDOWS} seconds were seen. */
  long tailNanos() {
    return tailNanos;
  }

  private long fit() {
    int n = Math.min(windows, WINDOWS);
    if (n < MIN_WINDOWS) {
      return 0;
    }
    long[] s = Arrays.copyOf(worst, n);
    Arrays.sort(s);
    long p50 = s[n / 2];
    long excess = 0;
    for (int i = n / 2 + 1; i < n; i++) {
      excess += s[i] - p50;
    }
    return p50 + (long) (SCALES * (excess / Math.max(1, n - n / 2 - 1)));
  }
}
