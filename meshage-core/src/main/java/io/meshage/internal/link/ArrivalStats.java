package io.meshage.internal.link;

/**
 * The adaptive failure detector's picture of one link's normal silence, from the gaps between
 * arrivals: a running mean and mean deviation (gains 1/8 and 1/4, as TCP's round-trip estimator),
 * the longest recent gap, which fades with time (it halves in about 40 s: a link that stalled
 * once may stall again while the cause lasts), and the {@link WorstTail} of the gaps (the silence
 * the link would show about once in 10^5 seconds, from the worst gap of each of the last 64
 * seconds). A link is thought dead once silent past the mean plus four deviations, twice the
 * longest recent gap or that tail, whichever is most, within a floor and a ceiling. Owned by the
 * event loop.
 */
final class ArrivalStats {
  /** Until this many gaps were seen (and the tail's first seconds) the estimate is young (see {@link #young}). */
  static final int SETTLED_GAPS = 32;
  /** The time constant of the recent peak's fading (it loses 1/e of itself in this long). */
  static final long PEAK_MEMORY_NANOS = 60_000_000_000L;

  /** Running mean of the gaps, nanoseconds; negative before the first gap. */
  private long meanNanos = -1;
  private long devNanos;
  private long peakNanos;
  private int samples;
  private final WorstTail tail = new WorstTail();

  /** Folds one gap (nanoseconds between two arrivals, the second at {@code now}) in. */
  void gap(long gap, long now) {
    if (gap <= 0) {
      return;
    }
    tail.add(gap, Long.MAX_VALUE, now);
    long faded = peakNanos - (long) ((double) peakNanos * Math.min(gap, PEAK_MEMORY_NANOS) / PEAK_MEMORY_NANOS);
    peakNanos = Math.max(gap, faded);
    samples = Math.min(SETTLED_GAPS, samples + 1);
    if (meanNanos < 0) {
      meanNanos = gap;
      devNanos = gap / 2;
    } else {
      long err = gap - meanNanos;
      meanNanos += err / 8;
      devNanos += (Math.abs(err) - devNanos) / 4;
    }
  }

  /**
   * The silence after which the link is thought dead: mean + 4 deviations, twice the recent peak
   * or the tail, whichever is most, within [floor, ceiling]; the ceiling while the estimate is
   * young (a link up for less than {@value WorstTail#MIN_WINDOWS} seconds or {@value
   * #SETTLED_GAPS} gaps: a new link, a process still starting up).
   */
  long threshold(long floor, long ceiling) {
    if (young()) {
      return ceiling;
    }
    long t = Math.max(Math.max(meanNanos + 4 * devNanos, 2 * peakNanos), tail.tailNanos());
    return Math.max(Math.min(floor, ceiling), Math.min(ceiling, t));
  }

  /** Whether the estimate is young: fewer than {@value #SETTLED_GAPS} gaps or {@value WorstTail#MIN_WINDOWS} seconds. */
  boolean young() {
    return samples < SETTLED_GAPS || !tail.ready();
  }

  long tailNanos() {
    return tail.tailNanos();
  }

  long meanNanos() {
    return meanNanos;
  }

  long devNanos() {
    return devNanos;
  }

  long peakNanos() {
    return peakNanos;
  }
}
