package io.meshage.internal.messaging;

/**
 * Remembers which message ids of one origin instance were already delivered, in a sliding window
 * of {@value #BITS} ids above the lowest one still tracked. Ids below the window count as seen.
 */
final class SeenWindow {
  static final int BITS = 4096;
  private final long[] bits = new long[BITS / 64];
  private long low = Long.MIN_VALUE;
  /** The origin instance whose ids this window tracks. */
  final long instance;

  SeenWindow(long instance) {
    this.instance = instance;
  }

  /** Records {@code id}; returns false when it was seen before (or is too old to tell). */
  boolean firstTime(long id) {
    if (low == Long.MIN_VALUE) {
      low = Math.max(0, id - BITS / 2);
    }
    if (id < low) {
      return false;
    }
    if (id >= low + BITS) {
      slideTo(id - BITS + 1);
    }
    int bit = (int) (id % BITS);
    long mask = 1L << (bit & 63);
    if ((bits[bit >>> 6] & mask) != 0) {
      return false;
    }
    bits[bit >>> 6] |= mask;
    return true;
  }

  private void slideTo(long newLow) {
    if (newLow - low >= BITS) {
      java.util.Arrays.fill(bits, 0);
    } else {
      for (long i = low; i < newLow; i++) {
        int bit = (int) (i % BITS);
        bits[bit >>> 6] &= ~(1L << (bit & 63));
      }
    }
    low = newLow;
  }
}
