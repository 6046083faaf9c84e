package io.meshage.internal;

import java.util.concurrent.Future;

/**
 * A blocked caller's bounded spin before it parks ({@code MeshConfig.callerSpin}): an answer the
 * event loop delivers within the spin reaches a thread that is still running, so the round trip
 * saves the wake-up of a parked thread (tens of microseconds on an idle machine). Never used on
 * the loop itself, where a wait is refused anyway.
 */
public final class SpinWait {
  private SpinWait() {}

  /**
   * Spins until {@code f} is done or {@code nanos} have passed, whichever comes first.
   *
   * @return whether {@code f} is done
   */
  public static boolean briefly(Future<?> f, long nanos) {
    if (f.isDone()) {
      return true;
    }
    if (nanos <= 0) {
      return false;
    }
    long end = System.nanoTime() + nanos;
    do {
      Thread.onSpinWait();
      if (f.isDone()) {
        return true;
      }
    } while (System.nanoTime() - end < 0);
    return false;
  }
}
