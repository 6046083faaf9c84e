package io.meshage;

import static io.meshage.ConfigChecks.checkNonNegative;
import static io.meshage.ConfigChecks.checkPositive;
import static io.meshage.ConfigChecks.checkRange;

import java.time.Duration;

/**
 * Messaging: how long an origin waits for an end-to-end ACK, how long a recipient keeps the ACKs
 * it sent (null: as long as the ACK timeout), how many messages may wait for theirs, and how many
 * threads run the handlers of delivered messages.
 */
record MessagingSettings(Duration ackTimeout, Duration ackRetention, int maxInFlight, int handlerThreads) {

  MessagingSettings {
    checkPositive(ackTimeout, "ackTimeout");
    if (ackRetention != null) {
      checkNonNegative(ackRetention, "ackRetention");
    }
    checkRange(maxInFlight, 1, 1 << 24, "maxInFlight");
    checkRange(handlerThreads, 1, 256, "handlerThreads");
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

    Draft() {}

    Draft(MessagingSettings s) {
      ackTimeout = s.ackTimeout;
      ackRetention = s.ackRetention;
      maxInFlight = s.maxInFlight;
      handlerThreads = s.handlerThreads;
    }

    MessagingSettings build() {
      return new MessagingSettings(ackTimeout, ackRetention, maxInFlight, handlerThreads);
    }
  }
}
