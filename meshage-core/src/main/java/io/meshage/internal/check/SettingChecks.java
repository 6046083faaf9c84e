package io.meshage.internal.check;

import java.time.Duration;

/**
 * The rules for the settings a running node can change ({@code degree}, {@code msaPeriod}), shared
 * by the config builder and the node, so both refuse the same values with the same message.
 */
public final class SettingChecks {

  private SettingChecks() {}

  /** The one rule for {@code degree}: 0 to {@code max}. */
  public static void checkDegree(int degree, int max) {
    if (degree < 0 || degree > max) {
      throw new IllegalArgumentException("degree must be in [0, " + max + "], got " + degree);
    }
  }

  /** The one rule for {@code msaPeriod}: positive. */
  public static void checkMsaPeriod(Duration period) {
    if (period == null || period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("msaPeriod must be positive, got " + period);
    }
  }
}
