package io.meshage.tools.baseline;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Measurement rounds: the figure reported for several ({@code baseline.rounds}) is their median,
 * and a warm-up repeats its round until a least time has passed ({@code baseline.warmupSeconds}).
 */
public final class Rounds {
  private Rounds() {}

  /** One round of a measurement: sends its messages and returns their rate. */
  @FunctionalInterface
  public interface Round {
    double run() throws Exception;
  }

  /**
   * Runs {@code round} until at least {@code atLeast} has passed since the start, and at least
   * once; returns how many rounds ran. Counting messages alone would warm a fast side for less time
   * than a slow one, and the first seconds of a JVM are spent compiling the paths measured.
   */
  public static int warmUp(Duration atLeast, Round round) throws Exception {
    return warmUp(atLeast, round, System::nanoTime);
  }

  static int warmUp(Duration atLeast, Round round, LongSupplier nanoClock) throws Exception {
    long end = nanoClock.getAsLong() + atLeast.toNanos();
    int n = 0;
    do {
      round.run();
      n++;
    } while (nanoClock.getAsLong() - end < 0);
    return n;
  }

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
