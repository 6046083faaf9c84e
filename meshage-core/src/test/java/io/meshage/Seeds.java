package io.meshage;

import java.util.Random;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * The one seeding convention of the tests: every random choice a test makes comes from a seed
 * handed out here. By default the seeds are fixed (derived from {@link #DEFAULT_BASE}, the test's
 * name and its repetition; for a test written against numbered scenarios, {@link #scenario} keeps
 * the number as the seed), so every run of the suite makes the same choices.
 *
 * <ul>
 *   <li>{@code -Dmeshage.seed=S} pins every seed to {@code S}: it replays a failure.
 *   <li>{@code -Dmeshage.seed=random} derives the seeds from a random base instead, printed once;
 *       for hunting new failures.
 * </ul>
 *
 * A test that fails after taking a seed names it and how to replay it in its failure message
 * ({@link SeedReport}, registered for every test by the service loader); {@link #check} names
 * the trial as well.
 */
public final class Seeds {
  /** The system property that pins the seed, or asks for random ones. */
  public static final String PROPERTY = "meshage.seed";
  /** The base of the default seeds. */
  public static final long DEFAULT_BASE = 20_261_207L;

  private static final long BASE = base();
  /** The last seed handed out on this thread, for {@link SeedReport}. */
  private static final ThreadLocal<String> LAST = new ThreadLocal<>();

  /** One check of a property on values drawn from {@code random}. */
  @FunctionalInterface
  public interface Trial {
    void run(Random random) throws Exception;
  }

  private Seeds() {}

  /** The seed of this repetition of {@code test} (or the pinned one). */
  public static long seed(String test, RepetitionInfo repetition) {
    return seed(test + " repetition " + repetition.getCurrentRepetition(), repetition.getCurrentRepetition());
  }

  /** The seed of {@code test}, a name unique in the suite such as {@code Class#method} (or the pinned one). */
  public static long seed(String test) {
    return seed(test, 0);
  }

  /**
   * The seed of the calling test method, named {@code Class#method} after the nearest caller
   * outside this class (or the pinned one). Printed to the test's output.
   */
  public static long forTest() {
    return seed(caller());
  }

  /**
   * The seed of scenario {@code id} of the calling test, for tests written against fixed
   * scenarios: by default {@code id} itself (the schedule the test was written for), pinned by
   * {@code -Dmeshage.seed=S} like every other seed, and drawn from the random base (named {@code
   * Class#method/id}) under {@code -Dmeshage.seed=random}.
   */
  public static long scenario(long id) {
    String name = testCaller() + "/" + id;
    return randomBase() || pinned() != null ? seed(name) : remember(name, id);
  }

  private static boolean randomBase() {
    return BASE != DEFAULT_BASE;
  }

  private static String testCaller() {
    return StackWalker.getInstance()
        .walk(s -> s.filter(f -> f.getClassName().endsWith("Test")).findFirst())
        .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "#" + f.getMethodName())
        .orElseGet(Seeds::caller);
  }

  private static long seed(String test, int repetition) {
    Long pinned = pinned();
    return remember(test, pinned != null ? pinned : mix(BASE + test.hashCode() * 0x9E3779B97F4A7C15L + repetition));
  }

  /** Prints {@code seed} as the one {@code test} runs with and keeps it for {@link SeedReport}. */
  private static long remember(String test, long seed) {
    String name = test.replaceAll(" repetition .*$", "").replaceAll("/.*$", "");
    String replay = "seed " + seed + " (replay with -D" + PROPERTY + "=" + seed + " -Dtest='" + name + "')";
    LAST.set(replay);
    System.out.println(test + ": " + replay);
    return seed;
  }

  /** What {@link SeedReport} adds to a failure: the last seed this thread took, or null. */
  static String lastSeed() {
    return LAST.get();
  }

  static void forget() {
    LAST.remove();
  }

  private static Long pinned() {
    String v = System.getProperty(PROPERTY);
    if (v == null || v.isBlank() || v.equalsIgnoreCase("random")) {
      return null;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(PROPERTY + " must be a number or 'random', got '" + v + "'");
    }
  }

  private static long base() {
    if (!"random".equalsIgnoreCase(System.getProperty(PROPERTY, "").trim())) {
      return DEFAULT_BASE;
    }
    long b = new java.security.SecureRandom().nextLong();
    System.out.println("random seeds from base " + b + " (-D" + PROPERTY + "=random)");
    return b;
  }

  private static String caller() {
    return StackWalker.getInstance()
        .walk(s -> s.filter(f -> !f.getClassName().equals(Seeds.class.getName())).findFirst())
        .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "#" + f.getMethodName())
        .orElse("?");
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

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
