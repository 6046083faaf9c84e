package io.meshage.internal.transport.tcp;

/**
 * How many refusals of unauthenticated connections a transport logs: up to {@code perSecond}
 * lines a second, the rest only counted and reported with the next line that is logged, so that a
 * flood of hostile connections cannot flood the log (or the disk, or the event loop writing it).
 * Thread-safe.
 */
final class LogBudget {
  private final int perSecond;
  private long windowStartMillis;
  private int used;
  private long suppressed;

  LogBudget(int perSecond) {
    this.perSecond = perSecond;
  }

  /**
   * Null when this line must not be logged (it is counted); else the suffix to log with it: empty,
   * or how many lines were left out since the last one.
   */
  synchronized String take(long nowMillis) {
    if (nowMillis - windowStartMillis >= 1000) {
      windowStartMillis = nowMillis;
      used = 0;
    }
    if (used >= perSecond) {
      suppressed++;
      return null;
    }
    used++;
    String suffix = suppressed == 0 ? "" : " (" + suppressed + " more like it not logged)";
    suppressed = 0;
    return suffix;
  }
}
