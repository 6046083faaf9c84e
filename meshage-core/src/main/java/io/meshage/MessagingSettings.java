package io.meshage;

import static io.meshage.ConfigChecks.checkNonNegative;
import static io.meshage.ConfigChecks.checkPositive;
import static io.meshage.ConfigChecks.checkRange;

import java.time.Duration;

/**
 * Messaging: how long an origin waits for an end-to-end ACK, how long a recipient keeps the ACKs
 * it sent (null: as long as the ACK timeout), how many messages may wait for theirs, how many
 * threads run the handlers of delivered messages, and how long a blocked caller spins before it
 * parks.
 */
record MessagingSettings(
    Duration ackTimeout, Duration ackRetention, int maxInFlight, int handlerThreads, Duration callerSpin) {
  /** The longest {@code callerSpin} accepted: beyond it a caller burns a core for little gain. */
  static final Duration MAX_CALLER_SPIN = Duration.ofMillis(1);

  MessagingSettings {
    checkPositive(ackTimeout, "ackTimeout");
    if (ackRetention != null) {
      checkNonNegative(ackRetention, "ackRetention");
    }
    checkRange(maxInFlight, 1, 1 << 24, "maxInFlight");
    checkRange(handlerThreads, 1, 256, "handlerThreads");
    checkNonNegative(callerSpin, "callerSpin");
    if (callerSpin.compareTo(MAX_CALLER_SPIN) > 0) {
      throw new IllegalArgumentException("callerSpin must be at most 1 ms, got " + callerSpin);
    }
  }

  /** The ACK retention in force: the one set, or the ACK timeout. */
  Duration ackRetentionInForce() {
    return ackRetention != null ? ackRetention : ackTimeout;
  }

  /** The builder's mutable half of {@link MessagingSettings}, holding the defaults. */
  static final class Draft {
    Duration ackTimeout = Duration.ofSeconds(10);
    Duration ackRetention;
    int maxInFlight = 100_000;
    int handlerThreads = 2;
    Duration callerSpin = Duration.ZERO;

    Draft() {}

    Draft(MessagingSettings s) {
      ackTimeout = s.ackTimeout;
      ackRetention = s.ackRetention;
      maxInFlight = s.maxInFlight;
      handlerThreads = s.handlerThreads;
      callerSpin = s.callerSpin;
    }

    MessagingSettings build() {
      return new MessagingSettings(ackTimeout, ackRetention, maxInFlight, handlerThreads, callerSpin);
    }
  }
}
