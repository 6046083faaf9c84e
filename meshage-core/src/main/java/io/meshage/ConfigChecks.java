package io.meshage;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/** The field checks of {@link MeshConfig.Builder#build()}: each names the field it refuses. */
final class ConfigChecks {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:@\\-]{1,64}");

  private ConfigChecks() {}

  static void checkName(String v, String field) {
    if (v == null || !NAME.matcher(v).matches()) {
      throw new IllegalArgumentException(
          field + " must be 1-64 characters of letters, digits and . _ : @ -, got "
              + (v == null ? "null" : "'" + v + "'"));
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

  /** Validates every field of {@code b}; throws IllegalArgumentException naming the first bad one. */
  static void validate(MeshConfig.Builder b) {
    KeyList.check(b.keys);
    checkPositive(b.beaconReplayWindow, "beaconReplayWindow");
    checkNonNegative(b.hangupHoldDown, "hangupHoldDown");
    checkName(b.name, "name");
    checkName(b.namespace, "namespace");
    MeshConfig.checkDegree(b.degree);
    checkAddress(b.bindAddress, "bindAddress");
    checkRange(b.port, 0, 65535, "port");
    checkRange(b.discoveryPort, 0, 65535, "discoveryPort");
    checkAddress(b.broadcastAddress, "broadcastAddress");
    MeshConfig.checkMsaPeriod(b.msaPeriod);
    checkNonNegative(b.msaMinInterval, "msaMinInterval");
    checkPositive(b.ackTimeout, "ackTimeout");
    checkPositive(b.keepaliveInterval, "keepaliveInterval");
    checkPositive(b.keepaliveTimeout, "keepaliveTimeout");
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
