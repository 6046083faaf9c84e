package io.meshage.command;

/** {@code host:port} endpoints as {@link ClusterInfo} announces and compares them. */
final class Endpoints {
  private Endpoints() {}

  /** The host part of {@code host:port} (brackets of an IPv6 literal kept). */
  static String host(String endpoint) {
    int colon = endpoint.lastIndexOf(':');
    return colon < 0 ? endpoint : endpoint.substring(0, colon);
  }

  /** Refuses what is not {@code host:port} with a port in 1-65535. */
  static void check(String endpoint) {
    int colon = endpoint.lastIndexOf(':');
    if (colon <= 0 || colon == endpoint.length() - 1) {
      throw new IllegalArgumentException("endpoint must be host:port, got '" + endpoint + "'");
    }
    int port;
    try {
      port = Integer.parseInt(endpoint.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port of endpoint '" + endpoint + "' is not a number");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port of endpoint '" + endpoint + "' outside 1-65535");
    }
  }
}
