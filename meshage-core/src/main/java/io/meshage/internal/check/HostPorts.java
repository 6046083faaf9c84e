package io.meshage.internal.check;

import java.net.InetSocketAddress;

/** The one parser of {@code host:port} addresses a user gives a node. */
public final class HostPorts {

  private HostPorts() {}

  /**
   * Parses {@code host:port} (an IPv6 host in brackets) without looking the host up: the result is
   * unresolved. Behind {@code MeshNode.parseAddress}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static InetSocketAddress parse(String hostPort) {
    if (hostPort == null) {
      throw new IllegalArgumentException("address must be host:port, got null");
    }
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("address must be host:port, got '" + hostPort + "'");
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port in '" + hostPort + "' is not a number");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port in '" + hostPort + "' outside 1-65535");
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw new IllegalArgumentException("an IPv6 address goes in brackets: [" + host + "]:" + port);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("address must be host:port, got '" + hostPort + "'");
    }
    return InetSocketAddress.createUnresolved(host, port);
  }
}
