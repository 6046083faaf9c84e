package io.meshage;

import static io.meshage.ConfigChecks.checkPositive;

import java.time.Duration;
import java.util.List;

/**
 * Security: the namespace keys (deep-copied; empty: links and beacons in the clear), strict mode,
 * and how old a sealed beacon may be.
 */
record SecuritySettings(List<byte[]> keys, boolean strict, Duration beaconReplayWindow) {

  SecuritySettings {
    KeyList.check(keys);
    keys = KeyList.copy(keys);
    checkPositive(beaconReplayWindow, "beaconReplayWindow");
  }

  /** The builder's mutable half of {@link SecuritySettings}, holding the defaults. */
  static final class Draft {
    List<byte[]> keys = List.of();
    boolean strict;
    Duration beaconReplayWindow = Duration.ofSeconds(30);

    Draft() {}

    Draft(SecuritySettings s) {
      keys = s.keys;
      strict = s.strict;
      beaconReplayWindow = s.beaconReplayWindow;
    }

    SecuritySettings build() {
      return new SecuritySettings(keys, strict, beaconReplayWindow);
    }
  }
}
