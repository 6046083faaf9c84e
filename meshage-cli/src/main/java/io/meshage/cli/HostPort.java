package io.meshage.cli;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Addresses as the CLI prints them, so that scripts can split on the last colon: IPv4 as
 * {@code 0.0.0.0:40123}, IPv6 in brackets and in its short form, {@code [::1]:40123}.
 */
final class HostPort {
  private HostPort() {}

  /**
   * {@code ip:port}; a wildcard address as the user bound it ({@code 0.0.0.0} for an IPv4 bind,
   * though Java listens on both stacks then and reports {@code ::}).
   */
  static String format(InetAddress ip, int port, String bind) {
    if (ip.isAnyLocalAddress()) {
      return (bind != null && bind.indexOf(':') >= 0 ? "[::]" : "0.0.0.0") + ":" + port;
    }
    if (ip instanceof Inet6Address v6) {
      return "[" + shortIpv6(v6) + "]:" + port;
    }
    return ip.getHostAddress() + ":" + port;
  }

  /** RFC 5952 text: lower case, leading zeros dropped, the longest run of two or more zero groups as "::". */
  static String shortIpv6(Inet6Address ip) {
    byte[] b = ip.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        s.append("::");
        i += bestLen - 1;
        continue;
      }
      if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
        s.append(':');
      }
      s.append(Integer.toHexString(groups[i]));
    }
    if (ip.getScopeId() != 0) {
      s.append('%').append(ip.getScopeId());
    }
    return s.toString();
  }
}
