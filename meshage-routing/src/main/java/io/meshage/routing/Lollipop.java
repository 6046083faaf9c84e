package io.meshage.routing;

/**
 * Lollipop sequence numbers (Perlman; RFC 6550 section 7.2): a short linear "stick" of
 * {@value #STICK_LENGTH} negative values that every new instance starts on, followed by a
 * wrapping "candy" circle of {@value #CIRCLE} values.
 *
 * <p>Stick against stick compares linearly. Candy against candy compares by wrapping distance:
 * the value ahead by less than half the circle is newer, exactly half is not comparable. A candy
 * value is newer than a stick value only when it lies within {@value #WINDOW} steps past the end
 * of the stick; further away the two are not comparable (the candy value may be from before a
 * restart), and callers treat the incoming copy as newer.
 */
public final class Lollipop {
  /** Length of the linear part; values {@code -STICK_LENGTH .. -1}. */
  public static final int STICK_LENGTH = 16;
  /** Size of the circular part; values {@code 0 .. CIRCLE-1}. */
  public static final int CIRCLE = 1 << 16;
  /** How far past the end of the stick a candy value still counts as newer than a stick value. */
  public static final int WINDOW = 16;

  private static final int HALF = CIRCLE / 2;

  /** The outcome of comparing {@code a} with {@code b}, from the point of view of {@code a}. */
  public enum Order {
    NEWER,
    OLDER,
    SAME,
    NOT_COMPARABLE
  }

  private Lollipop() {}

  /** The first sequence number of a new instance: the start of the stick. */
  public static int first() {
    return -STICK_LENGTH;
  }

  /** Whether {@code s} is a valid lollipop value. */
  public static boolean isValid(int s) {
    return s >= -STICK_LENGTH && s < CIRCLE;
  }

  /** Whether {@code s} lies on the stick. */
  public static boolean onStick(int s) {
    return s < 0;
  }

  /** The value after {@code s}: along the stick, then around the circle. */
  public static int next(int s) {
    check(s);
    if (s < 0) {
      return s + 1;
    }
    return (s + 1) % CIRCLE;
  }

  /** Compares {@code a} with {@code b}: NEWER means {@code a} is newer than {@code b}. */
  public static Order compare(int a, int b) {
    check(a);
    check(b);
    if (a == b) {
      return Order.SAME;
    }
    boolean stickA = a < 0;
    boolean stickB = b < 0;
    if (stickA && stickB) {
      return a > b ? Order.NEWER : Order.OLDER;
    }
    if (!stickA && !stickB) {
      int ahead = Math.floorMod(a - b, CIRCLE);
      if (ahead == HALF) {
        return Order.NOT_COMPARABLE;
      }
      return ahead < HALF ? Order.NEWER : Order.OLDER;
    }
    if (stickB) {
      return a < WINDOW ? Order.NEWER : Order.NOT_COMPARABLE;
    }
    return b < WINDOW ? Order.OLDER : Order.NOT_COMPARABLE;
  }

  /** Whether {@code a} should replace {@code b}: newer, or not comparable (assume newer). */
  public static boolean supersedes(int a, int b) {
    Order order = compare(a, b);
    return order == Order.NEWER || order == Order.NOT_COMPARABLE;
  }

  private static void check(int s) {
    if (!isValid(s)) {
      throw new IllegalArgumentException(
          "lollipop value " + s + " outside [" + -STICK_LENGTH + ", " + (CIRCLE - 1) + "]");
    }
  }
}
