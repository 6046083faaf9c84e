package io.meshage.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * {@code --http [ADDR:]PORT}: where the live page listens. Loopback unless ADDR says otherwise,
 * and another address only with {@code --http-allow-remote} on a node with a namespace key (the
 * page shows the whole mesh to whoever reaches it).
 */
final class HttpOption {
  /** What {@code --http} without a value means: any free port on loopback. */
  static final String ANY_PORT = "0";

  private HttpOption() {}

  /**
   * The address for {@code value}.
   *
   * @throws IllegalArgumentException naming {@code --http} when the value is malformed, or when it
   *     is not loopback without {@code allowRemote}, or {@code allowRemote} without {@code keyed}
   */
  static InetSocketAddress parse(String value, boolean allowRemote, boolean keyed) {
    if (allowRemote && !keyed) {
      throw new IllegalArgumentException("--http-allow-remote needs a namespace key (--key-file): the page shows "
          + "the whole mesh to anyone who reaches it");
    }
    int colon = value.lastIndexOf(':');
    String host = colon < 0 ? "" : value.substring(0, colon);
    String port = colon < 0 ? value : value.substring(colon + 1);
    if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
      throw new IllegalArgumentException("--http takes [ADDR:]PORT with PORT in [0, 65535], got '" + value + "'");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    InetAddress address;
    try {
      address = host.isEmpty() ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--http " + value + ": unknown address " + host);
    }
    if (!address.isLoopbackAddress() && !allowRemote) {
      throw new IllegalArgumentException("--http " + value + " is not a loopback address: the page would be open "
          + "to the network; add --http-allow-remote (needs --key-file) to allow that");
    }
    return new InetSocketAddress(address, Integer.parseInt(port));
  }
}
