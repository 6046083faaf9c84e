package io.meshage;

import static io.meshage.ConfigChecks.checkAddress;
import static io.meshage.ConfigChecks.checkPositive;
import static io.meshage.ConfigChecks.checkRange;

import java.time.Duration;

/** How a node finds candidates: broadcast beacons (port, address, pace) and a pluggable source. */
record DiscoverySettings(
    int discoveryPort,
    String broadcastAddress,
    Duration beaconPeriod,
    Duration beaconMaxPeriod,
    Discovery discovery) {

  DiscoverySettings {
    checkRange(discoveryPort, 0, 65535, "discoveryPort");
    checkAddress(broadcastAddress, "broadcastAddress");
    checkPositive(beaconPeriod, "beaconPeriod");
    checkPositive(beaconMaxPeriod, "beaconMaxPeriod");
    if (beaconMaxPeriod.compareTo(beaconPeriod) < 0) {
      throw new IllegalArgumentException("beaconMaxPeriod must be >= beaconPeriod");
    }
  }

  /** The builder's mutable half of {@link DiscoverySettings}, holding the defaults. */
  static final class Draft {
    int discoveryPort;
    String broadcastAddress = MeshConfig.DEFAULT_BROADCAST;
    Duration beaconPeriod = Duration.ofMillis(100);
    Duration beaconMaxPeriod = Duration.ofSeconds(5);
    Discovery discovery;

    Draft() {}

    Draft(DiscoverySettings s) {
      discoveryPort = s.discoveryPort;
      broadcastAddress = s.broadcastAddress;
      beaconPeriod = s.beaconPeriod;
      beaconMaxPeriod = s.beaconMaxPeriod;
      discovery = s.discovery;
    }

    DiscoverySettings build() {
      return new DiscoverySettings(discoveryPort, broadcastAddress, beaconPeriod, beaconMaxPeriod, discovery);
    }
  }
}
