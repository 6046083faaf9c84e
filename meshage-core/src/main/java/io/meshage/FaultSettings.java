package io.meshage;

/** Fault injection: whether the transport is wrapped for it, and the seed of its RNG. */
record FaultSettings(boolean faultInjection, long faultSeed) {

  /** The builder's mutable half of {@link FaultSettings}, holding the defaults. */
  static final class Draft {
    boolean faultInjection;
    long faultSeed = 1;

    Draft() {}

    Draft(FaultSettings s) {
      faultInjection = s.faultInjection;
      faultSeed = s.faultSeed;
    }

    FaultSettings build() {
      return new FaultSettings(faultInjection, faultSeed);
    }
  }
}
