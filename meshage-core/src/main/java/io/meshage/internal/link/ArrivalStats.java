package io.meshage.internal.link;

/**
 * The adaptive failure detector's picture of one link's normal silence, from the gaps between
 * arrivals: a running mean and mean deviation (gains 1/8 and 1/4, as TCP's round-trip estimator),
 * the longest recent gap, which fades with time (it halves in about 40 s: a link that stalled
 * once may stall again while the cause lasts), and the tail of the link's silences: the longest
 * gap of each second over the last {@value #WINDOWS} seconds, to whose upper half an exponential
 * tail is fitted (as phi-accrual detectors fit a distribution to heartbeat arrivals) and
 * extrapolated to the silence the link would show about once in 10^5 seconds. A link is thought
 * dead once silent past the mean plus four deviations, twice the longest recent gap or that
 * tail, whichever is most, within a floor and a ceiling. Owned by the event loop.
 */
final class ArrivalStats {
  /** Until this many gaps were seen the estimate is young: the threshold is at least twice the floor. */
  static final int SETTLED_GAPS = 32;
  /** The time constant of the recent peak's fading (it loses 1/e of itself in this long). */
  static final long PEAK_MEMORY_NANOS = 60_000_000_000L;
  /** Seconds of worst gaps kept for the tail. */
  static final int WINDOWS = 64;
  static final long WINDOW_NANOS = 1_000_000_000L;
  /** Fewer windows than this: no tail yet. */
  static final int TAIL_MIN_WINDOWS = 8;
  /**
   * The tail's reach in units of its scale: an exponential tail above the median, P(worst > p50 +
   * t) = 0.5 exp(-t / scale), falls to 1e-5 per second at t = ln(0.5 / 1e-5) = 10.8 scales.
   */
  static final double TAIL_SCALES = Math.log(0.5 / 1e-5);

  /** Running mean of the gaps, nanoseconds; negative before the first gap. */
  private long meanNanos = -1;
  private long devNanos;
  private long peakNanos;
  private int samples;
  /** The longest gap of each of the last seconds (a ring), and how many are filled. */
  private final long[] worst = new long[WINDOWS];
  private int windows;
  private long windowEndNanos = Long.MIN_VALUE;
  private long windowWorst;
  private long tailNanos;

  /** Folds one gap (nanoseconds between two arrivals, the second at {@code now}) in. */
  void gap(long gap, long now) {
    if (gap <= 0) {
      return;
    }
    windowWorst = Math.max(windowWorst, gap);
    if (windowEndNanos == Long.MIN_VALUE) {
      windowEndNanos = now + WINDOW_NANOS;
    } else if (now >= windowEndNanos) {
      worst[windows % WINDOWS] = windowWorst;
      windows = windows + 1 == 2 * WINDOWS ? WINDOWS : windows + 1;
      windowWorst = 0;
      windowEndNanos = now + WINDOW_NANOS;
      tailNanos = tail();
    }
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
   * or the tail, whichever is most, within [floor, ceiling]; at least twice the floor while the estimate is
   * young (a new link, a process still starting up), the ceiling before any gap.
   */
  long threshold(long floor, long ceiling) {
    if (meanNanos < 0) {
      return ceiling;
    }
    long t = Math.max(Math.max(meanNanos + 4 * devNanos, 2 * peakNanos), tailNanos);
    long min = samples < SETTLED_GAPS ? 2 * floor : floor;
    return Math.max(Math.min(min, ceiling), Math.min(ceiling, t));
  }

  /**
   * The exponential tail of the windows' worst gaps: the median plus {@link #TAIL_SCALES} times the
   * mean excess of the upper half over it (an exponential's scale); 0 while too few windows.
   */
  private long tail() {
    int n = Math.min(windows, WINDOWS);
    if (n < TAIL_MIN_WINDOWS) {
      return 0;
    }
    long[] s = java.util.Arrays.copyOf(worst, n);
    java.util.Arrays.sort(s);
    long p50 = s[n / 2];
    long excess = 0;
    for (int i = n / 2 + 1; i < n; i++) {
      excess += s[i] - p50;
    }
    long scale = excess / Math.max(1, n - n / 2 - 1);
    return p50 + (long) (TAIL_SCALES * scale);
  }

  long tailNanos() {
    return tailNanos;
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
