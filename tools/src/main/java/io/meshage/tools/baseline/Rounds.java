package io.meshage.tools.baseline;

import java.util.Arrays;

/** The figure reported for several measurement rounds ({@code baseline.rounds}): their median. */
public final class Rounds {
  private Rounds() {}

  /** The median of {@code values} (the mean of the middle two for an even count). */
  public static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no rounds to take the median of");
    }
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
