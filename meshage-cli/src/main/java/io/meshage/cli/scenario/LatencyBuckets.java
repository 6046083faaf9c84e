package io.meshage.cli.scenario;

import java.util.List;

/** Verdict latencies in 1-2-5 buckets from 0.1 ms to 10 s, and percentiles of a sorted list: for the plots and the replay. */
final class LatencyBuckets {
  static final double[] BOUNDS_MS = {0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000};

  private LatencyBuckets() {}

  static int bucket(double ms) {
    for (int i = 0; i < BOUNDS_MS.length; i++) {
      if (ms <= BOUNDS_MS[i]) {
        return i;
      }
    }
    return BOUNDS_MS.length;
  }

  /** The nearest-rank {@code p}th percentile of {@code sorted} (ascending, not empty). */
  static double percentile(List<Double> sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }
}
