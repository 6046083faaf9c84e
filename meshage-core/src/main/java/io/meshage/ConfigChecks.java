package io.meshage;

import io.meshage.internal.check.SettingChecks;
import io.meshage.internal.codec.NameRule;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * The field checks of {@link MeshConfig.Builder#build()}, used by the settings of each concern
 * ({@link LinkSettings}, ...): each names the field it refuses.
 */
final class ConfigChecks {

  private ConfigChecks() {}

  /** The same rule as names from the wire ({@link NameRule}). */
  static void checkName(String v, String field) {
    if (!NameRule.valid(v)) {
      throw new IllegalArgumentException(
          field + " must be " + NameRule.DESCRIPTION + ", got " + (v == null ? "null" : "'" + v + "'"));
    }
  }

  /** The one rule for {@code degree}, shared with {@code MeshNode.setDegree} ({@link SettingChecks}). */
  static void checkDegree(int degree) {
    SettingChecks.checkDegree(degree, MeshConfig.MAX_DEGREE);
  }

  /** The one rule for {@code msaPeriod}, shared with {@code MeshNode.setMsaPeriod} ({@link SettingChecks}). */
  static void checkMsaPeriod(Duration period) {
    SettingChecks.checkMsaPeriod(period);
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

  /** A guest never links automatically nor takes part in discovery. */
  static void checkGuest(boolean guest, int degree, int discoveryPort) {
    if (guest && (degree != 0 || discoveryPort != 0)) {
      throw new IllegalArgumentException(
          "guest: a guest node never links automatically nor takes part in discovery; degree and "
              + "discoveryPort must be 0, got " + degree + " and " + discoveryPort);
    }
  }
}
