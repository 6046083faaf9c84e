package io.meshage.internal.check;

import java.time.Duration;

/** The one rule for group send intervals, shared by {@code GroupConfig} and the group layer. */
public final class SendIntervals {
  private SendIntervals() {}

  /** Intervals under 100 ms mean no batching (Diarkis' rule): zero. */
  public static Duration normal(Duration d) {
    return d.toMillis() < 100 ? Duration.ZERO : d;
  }
}
