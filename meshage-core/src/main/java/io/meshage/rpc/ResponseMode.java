package io.meshage.rpc;

/**
 * When a multicast call completes: {@link #ALL} waits for every target's final status (JGroups'
 * GET_ALL), {@link #FIRST} for the first OK answer (GET_FIRST), {@link #first(int)} for the first
 * {@code n} OK answers. Every mode also completes when no target is left pending and at the
 * timeout; targets still pending when an early mode completes are reported {@link
 * Response.Status#PENDING}.
 */
public final class ResponseMode {
  /** Wait for every target. */
  public static final ResponseMode ALL = new ResponseMode(0);

  /** Complete at the first OK answer. */
  public static final ResponseMode FIRST = new ResponseMode(1);

  private final int wanted;

  private ResponseMode(int wanted) {
    this.wanted = wanted;
  }

  /** Complete once {@code n} targets answered OK (or none is left pending). */
  public static ResponseMode first(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    return n == 1 ? FIRST : new ResponseMode(n);
  }

  /** OK answers after which the call completes; 0 for {@link #ALL}. */
  public int wanted() {
    return wanted;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResponseMode m && m.wanted == wanted;
  }

  @Override
  public int hashCode() {
    return wanted;
  }

  @Override
  public String toString() {
    return wanted == 0 ? "ALL" : wanted == 1 ? "FIRST" : "first(" + wanted + ")";
  }
}
