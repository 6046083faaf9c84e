package io.meshage;

import static io.meshage.ConfigChecks.checkDegree;
import static io.meshage.ConfigChecks.checkMsaPeriod;
import static io.meshage.ConfigChecks.checkNonNegative;

import java.time.Duration;

/** The shape of the mesh around a node: how many links it keeps and how often it advertises them. */
record TopologySettings(int degree, Duration msaPeriod, Duration msaMinInterval, Duration hangupHoldDown) {

  TopologySettings {
    checkDegree(degree);
    checkMsaPeriod(msaPeriod);
    checkNonNegative(msaMinInterval, "msaMinInterval");
    checkNonNegative(hangupHoldDown, "hangupHoldDown");
  }

  /** The builder's mutable half of {@link TopologySettings}, holding the defaults. */
  static final class Draft {
    int degree = 3;
    Duration msaPeriod = Duration.ofSeconds(10);
    Duration msaMinInterval = Duration.ofMillis(5);
    Duration hangupHoldDown = Duration.ofSeconds(60);

    Draft() {}

    Draft(TopologySettings s) {
      degree = s.degree;
      msaPeriod = s.msaPeriod;
      msaMinInterval = s.msaMinInterval;
      hangupHoldDown = s.hangupHoldDown;
    }

    TopologySettings build() {
      return new TopologySettings(degree, msaPeriod, msaMinInterval, hangupHoldDown);
    }
  }
}
