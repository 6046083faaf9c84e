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
}
