package io.meshage;

import static io.meshage.ConfigChecks.checkNonNegative;
import static io.meshage.ConfigChecks.checkPositive;
import static io.meshage.ConfigChecks.checkRange;

import java.time.Duration;

/**
 * Links: how often neighbours ping each other, how soon a silent one is dropped (fixed timers or
 * the adaptive detector), and how many accepted connections may wait in their handshake.
 * {@code busyLinkTimeout} and {@code adaptiveDetection} are null for their defaults, derived from
 * the keepalive timers.
 */
record LinkSettings(
    Duration keepaliveInterval,
    Duration keepaliveTimeout,
    Duration busyLinkTimeout,
    Duration adaptiveDetection,
    Duration handshakeTimeout,
    int maxHandshakes,
    int maxHandshakesPerAddress) {

  LinkSettings {
    checkPositive(keepaliveInterval, "keepaliveInterval");
    checkPositive(keepaliveTimeout, "keepaliveTimeout");
    if (adaptiveDetection != null && !adaptiveDetection.isZero()
        && (adaptiveDetection.compareTo(Duration.ofMillis(30)) < 0
            || adaptiveDetection.compareTo(keepaliveTimeout) >= 0)) {
      throw new IllegalArgumentException("adaptiveDetection (" + adaptiveDetection
          + ") must be zero (off) or at least 30 ms and under keepaliveTimeout (" + keepaliveTimeout + ")");
    }
    if (keepaliveTimeout.compareTo(keepaliveInterval) <= 0) {
      throw new IllegalArgumentException(
          "keepaliveTimeout (" + keepaliveTimeout + ") must exceed keepaliveInterval ("
              + keepaliveInterval + ")");
    }
    if (busyLinkTimeout != null) {
      checkNonNegative(busyLinkTimeout, "busyLinkTimeout");
      if (!busyLinkTimeout.isZero()
          && (busyLinkTimeout.compareTo(keepaliveInterval) <= 0 || busyLinkTimeout.compareTo(keepaliveTimeout) > 0)) {
        throw new IllegalArgumentException(
            "busyLinkTimeout (" + busyLinkTimeout + ") must be zero or exceed keepaliveInterval ("
                + keepaliveInterval + ") and not exceed keepaliveTimeout (" + keepaliveTimeout + ")");
      }
    }
    checkPositive(handshakeTimeout, "handshakeTimeout");
    checkRange(maxHandshakes, 1, 1 << 16, "maxHandshakes");
    checkRange(maxHandshakesPerAddress, 1, maxHandshakes, "maxHandshakesPerAddress");
  }

  /**
   * The busy-link timeout in force: the one set, or half the keepalive timeout but at least four
   * keepalive intervals, and zero (off) when that reaches the keepalive timeout.
   */
  Duration busyLinkTimeoutInForce() {
    if (busyLinkTimeout != null) {
      return busyLinkTimeout;
    }
    Duration half = keepaliveTimeout.dividedBy(2);
    Duration four = keepaliveInterval.multipliedBy(4);
    Duration d = half.compareTo(four) >= 0 ? half : four;
    return d.compareTo(keepaliveTimeout) < 0 ? d : Duration.ZERO;
  }

  /** The adaptive detector's default floor (see {@link MeshConfig#adaptiveDetection()}). */
  static final Duration DEFAULT_ADAPTIVE_FLOOR = Duration.ofMillis(450);

  /**
   * The adaptive detector's floor in force: the one set (zero: off), or by default 450 ms while
   * that is under the keepalive timeout, else off.
   */
  Duration adaptiveDetectionInForce() {
    if (adaptiveDetection != null) {
      return adaptiveDetection;
    }
    return DEFAULT_ADAPTIVE_FLOOR.compareTo(keepaliveTimeout) < 0 ? DEFAULT_ADAPTIVE_FLOOR : Duration.ZERO;
  }

  /** The builder's mutable half of {@link LinkSettings}, holding the defaults. */
  static final class Draft {
    Duration keepaliveInterval = Duration.ofMillis(500);
    Duration keepaliveTimeout = Duration.ofSeconds(3);
    Duration busyLinkTimeout;
    Duration adaptiveDetection;
    Duration handshakeTimeout = Duration.ofSeconds(3);
    int maxHandshakes = 128;
    int maxHandshakesPerAddress = 32;

    Draft() {}

    Draft(LinkSettings s) {
      keepaliveInterval = s.keepaliveInterval;
      keepaliveTimeout = s.keepaliveTimeout;
      busyLinkTimeout = s.busyLinkTimeout;
      adaptiveDetection = s.adaptiveDetection;
      handshakeTimeout = s.handshakeTimeout;
      maxHandshakes = s.maxHandshakes;
      maxHandshakesPerAddress = s.maxHandshakesPerAddress;
    }

    LinkSettings build() {
      return new LinkSettings(keepaliveInterval, keepaliveTimeout, busyLinkTimeout, adaptiveDetection,
          handshakeTimeout, maxHandshakes, maxHandshakesPerAddress);
    }
  }
}
