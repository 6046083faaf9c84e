package io.meshage;

import io.meshage.internal.codec.NameRule;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/** The field checks of {@link MeshConfig.Builder#build()}: each names the field it refuses. */
final class ConfigChecks {

  private ConfigChecks() {}

  /** The same rule as names from the wire ({@link NameRule}). */
  static void checkName(String v, String field) {
    if (!NameRule.valid(v)) {
      throw new IllegalArgumentException(
          field + " must be " + NameRule.DESCRIPTION + ", got " + (v == null ? "null" : "'" + v + "'"));
    }
  }

  /** The one rule for {@code degree}, shared by the builder and {@code MeshNode.setDegree}. */
  static void checkDegree(int degree) {
    if (degree < 0 || degree > MeshConfig.MAX_DEGREE) {
      throw new IllegalArgumentException("degree must be in [0, " + MeshConfig.MAX_DEGREE + "], got " + degree);
    }
  }

  /** The one rule for {@code msaPeriod}, shared by the builder and {@code MeshNode.setMsaPeriod}. */
  static void checkMsaPeriod(Duration period) {
    if (period == null || period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("msaPeriod must be positive, got " + period);
    }
  }

  static void checkRange(int v, int min, int max, String field) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          field + " must be in [" + min + ", " + max + "], got " + v);
    }
  }

  static void checkPositive(Duration v, String field) {
    Objects.requireNonNull(v, field);
    if (v.isZero() || v.isNegative()) {
      throw new IllegalArgumentException(field + " must be positive, got " + v);
    }
  }

  static void checkNonNegative(Duration v, String field) {
    Objects.requireNonNull(v, field);
    if (v.isNegative()) {
      throw new IllegalArgumentException(field + " must not be negative, got " + v);
    }
  }

  static void checkAddress(String v, String field) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(field + " must be an IP address or host name");
    }
    try {
      InetAddress.getByName(v);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(field + " '" + v + "' does not resolve", e);
    }
  }

  /** A {@code host:port} listen address, port 0-65535 (0: any free port). */
  static void checkHostPort(String v, String field) {
    int colon = v == null ? -1 : v.lastIndexOf(':');
    if (colon <= 0 || colon == v.length() - 1) {
      throw new IllegalArgumentException(field + " takes host:port, got '" + v + "'");
    }
    checkAddress(v.substring(0, colon), field);
    int port;
    try {
      port = Integer.parseInt(v.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + ": port of '" + v + "' is not a number");
    }
    checkRange(port, 0, 65535, field);
  }

  /** Validates every field of {@code b}; throws IllegalArgumentException naming the first bad one. */
  static void validate(MeshConfig.Builder b) {
    KeyList.check(b.keys);
    checkPositive(b.beaconReplayWindow, "beaconReplayWindow");
    checkNonNegative(b.hangupHoldDown, "hangupHoldDown");
    checkName(b.name, "name");
    checkName(b.namespace, "namespace");
    checkDegree(b.degree);
    if (b.guest && (b.degree != 0 || b.discoveryPort != 0)) {
      throw new IllegalArgumentException(
          "guest: a guest node never links automatically nor takes part in discovery; degree and "
              + "discoveryPort must be 0, got " + b.degree + " and " + b.discoveryPort);
    }
    checkAddress(b.bindAddress, "bindAddress");
    for (String hostPort : b.bindAddresses) {
      checkHostPort(hostPort, "bindAddresses");
    }
    checkRange(b.port, 0, 65535, "port");
    checkRange(b.discoveryPort, 0, 65535, "discoveryPort");
    checkAddress(b.broadcastAddress, "broadcastAddress");
    checkMsaPeriod(b.msaPeriod);
    if (b.advertise != null) {
      io.meshage.internal.codec.Advertised.parse(b.advertise);
    }
    checkNonNegative(b.msaMinInterval, "msaMinInterval");
    checkPositive(b.ackTimeout, "ackTimeout");
    checkPositive(b.keepaliveInterval, "keepaliveInterval");
    checkPositive(b.keepaliveTimeout, "keepaliveTimeout");
    if (b.adaptiveDetection == null || (!b.adaptiveDetection.isZero()
        && (b.adaptiveDetection.compareTo(java.time.Duration.ofMillis(30)) < 0
            || b.adaptiveDetection.compareTo(b.keepaliveTimeout) >= 0))) {
      throw new IllegalArgumentException("adaptiveDetection (" + b.adaptiveDetection
          + ") must be zero (off) or at least 30 ms and under keepaliveTimeout (" + b.keepaliveTimeout + ")");
    }
    if (b.keepaliveTimeout.compareTo(b.keepaliveInterval) <= 0) {
      throw new IllegalArgumentException(
          "keepaliveTimeout (" + b.keepaliveTimeout + ") must exceed keepaliveInterval ("
              + b.keepaliveInterval + ")");
    }
    if (b.ackRetention != null) {
      checkNonNegative(b.ackRetention, "ackRetention");
    }
    if (b.busyLinkTimeout != null) {
      checkNonNegative(b.busyLinkTimeout, "busyLinkTimeout");
      if (!b.busyLinkTimeout.isZero()
          && (b.busyLinkTimeout.compareTo(b.keepaliveInterval) <= 0 || b.busyLinkTimeout.compareTo(b.keepaliveTimeout) > 0)) {
        throw new IllegalArgumentException(
            "busyLinkTimeout (" + b.busyLinkTimeout + ") must be zero or exceed keepaliveInterval ("
                + b.keepaliveInterval + ") and not exceed keepaliveTimeout (" + b.keepaliveTimeout + ")");
      }
    }
    checkPositive(b.handshakeTimeout, "handshakeTimeout");
    checkRange(b.maxHandshakes, 1, 1 << 16, "maxHandshakes");
    checkRange(b.maxHandshakesPerAddress, 1, b.maxHandshakes, "maxHandshakesPerAddress");
    checkPositive(b.beaconPeriod, "beaconPeriod");
    checkPositive(b.beaconMaxPeriod, "beaconMaxPeriod");
    if (b.beaconMaxPeriod.compareTo(b.beaconPeriod) < 0) {
      throw new IllegalArgumentException("beaconMaxPeriod must be >= beaconPeriod");
    }
    checkRange(b.maxFrameSize, 1024, 1 << 30, "maxFrameSize");
    checkRange(b.linkQueueFrames, 16, 1 << 24, "linkQueueFrames");
    checkRange(b.maxInFlight, 1, 1 << 24, "maxInFlight");
    checkRange(b.handlerThreads, 1, 256, "handlerThreads");
    checkRange(b.maxBodyDepth, 1, 64, "maxBodyDepth");
  }
}
