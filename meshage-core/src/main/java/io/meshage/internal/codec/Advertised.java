package io.meshage.internal.codec;

import java.net.InetSocketAddress;

/**
 * The address other nodes dial this node at, as beacons and HELLO carry it: the configured
 * {@code advertise} address ({@code HOST[:PORT]}, without a port the bound port), else the bound
 * address, with an empty host when the node listens on every address (the hearer then uses the
 * host the beacon or connection came from).
 *
 * @param host a name or an IP (IPv6 without brackets); empty for "where this came from"
 * @param port the TCP port to dial
 */
public record Advertised(String host, int port) {
  /** The longest host accepted (a DNS name's limit). */
  static final int MAX_HOST = 253;

  /** The address to advertise for {@code advertise} (may be null) and the bound address. */
  public static Advertised of(String advertise, InetSocketAddress bound) {
    if (advertise != null) {
      Advertised a = parse(advertise);
      return a.port == 0 ? new Advertised(a.host, bound.getPort()) : a;
    }
    String host = bound.getAddress().isAnyLocalAddress() ? "" : bound.getAddress().getHostAddress();
    return new Advertised(host, bound.getPort());
  }

  /**
   * Parses {@code HOST}, {@code HOST:PORT}, {@code [IPv6]} or {@code [IPv6]:PORT}; the port is 0
   * when absent.
   *
   * @throws IllegalArgumentException naming what is wrong, as "advertise ..."
   */
  public static Advertised parse(String v) {
    String host = v.strip();
    String port = null;
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      if (close < 0) {
        throw bad(v, "an opening [ without ]");
      }
      String after = host.substring(close + 1);
      if (!after.isEmpty() && !after.startsWith(":")) {
        throw bad(v, "expected :PORT after ]");
      }
      port = after.isEmpty() ? null : after.substring(1);
      host = host.substring(1, close);
    } else {
      int colon = host.indexOf(':');
      if (colon >= 0 && host.indexOf(':', colon + 1) >= 0) {
        throw bad(v, "an IPv6 address goes in brackets, as [" + host + "] or [" + host + "]:40123");
      }
      if (colon >= 0) {
        port = host.substring(colon + 1);
        host = host.substring(0, colon);
      }
    }
    if (host.isEmpty() || host.length() > MAX_HOST || host.chars().anyMatch(c -> c <= ' ' || c == '/')) {
      throw bad(v, "the host must be a name or an IP address");
    }
    int p = 0;
    if (port != null) {
      try {
        p = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        p = -1;
      }
      if (p < 1 || p > 65535) {
        throw bad(v, "the port must be in [1, 65535]");
      }
    }
    return new Advertised(host, p);
  }

  private static IllegalArgumentException bad(String v, String why) {
    return new IllegalArgumentException("advertise must be HOST or HOST:PORT, got '" + v + "': " + why);
  }
}
