package io.meshage.routing;

import java.util.Random;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Seeded randomness for property tests, the same convention as meshage-core's {@code
 * io.meshage.Seeds}: each repetition of a {@code @RepeatedTest} gets its own seed, fixed by
 * default (derived from {@link #DEFAULT_BASE}, the test and the repetition), printed before it
 * runs and named in any failure; {@code -Dmeshage.seed=S} pins every repetition to seed {@code S},
 * which replays a failed one; {@code -Dmeshage.seed=random} draws from a random base.
 */
final class Seeds {
  /** The system property that pins the seed. */
  public static final String PROPERTY = "meshage.seed";

  /** The base of the default seeds: fixed, as in meshage-core's {@code io.meshage.Seeds}. */
  public static final long DEFAULT_BASE = 20_261_207L;

  private static final long BASE = base();

  /** One check of a property on values drawn from {@code random}. */
  @FunctionalInterface
  public interface Trial {
    void run(Random random) throws Exception;
  }

  private Seeds() {}

  /** The seed of this repetition of the calling test method (or the pinned one). */
  public static long seed(String test, RepetitionInfo repetition) {
    String v = System.getProperty(PROPERTY, "").trim();
    if (!v.isEmpty() && !v.equalsIgnoreCase("random")) {
      try {
        return Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(PROPERTY + " must be a number or 'random', got '" + v + "'");
      }
    }
    return mix(BASE + test.hashCode() * 0x9E3779B97F4A7C15L + repetition.getCurrentRepetition());
  }

  /**
   * Runs {@code tries} trials of the calling test with one generator seeded for this repetition;
   * a failure is rethrown with the seed and the trial number.
   */
  public static void check(RepetitionInfo repetition, int tries, Trial trial) throws Exception {
    String test =
        StackWalker.getInstance()
            .walk(s -> s.skip(1).findFirst())
            .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "#" + f.getMethodName())
            .orElse("?");
    long seed = seed(test, repetition);
    System.out.printf(
        "%s repetition %d/%d: seed %d (replay: -D%s=%d -Dtest='%s')%n",
        test, repetition.getCurrentRepetition(), repetition.getTotalRepetitions(), seed, PROPERTY,
        seed, test);
    Random random = new Random(seed);
    for (int t = 0; t < tries; t++) {
      try {
        trial.run(random);
      } catch (Exception | AssertionError e) {
        throw new AssertionError(
            test + " failed at trial " + t + " with seed " + seed + " (replay with -D" + PROPERTY
                + "=" + seed + "): " + e.getMessage(),
            e);
      }
    }
  }

  /** A byte array of 0 to {@code maxLength} random bytes. */
  public static byte[] bytes(Random random, int maxLength) {
    byte[] b = new byte[random.nextInt(maxLength + 1)];
    random.nextBytes(b);
    return b;
  }

  /** An int in [{@code min}, {@code max}], both inclusive. */
  public static int between(Random random, int min, int max) {
    return (int) (min + (long) (random.nextDouble() * ((long) max - min + 1)));
  }

  private static long base() {
    if (!"random".equalsIgnoreCase(System.getProperty(PROPERTY, "").trim())) {
      return DEFAULT_BASE;
    }
    long b = new java.security.SecureRandom().nextLong();
    System.out.println("random seeds from base " + b + " (-D" + PROPERTY + "=random)");
    return b;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
