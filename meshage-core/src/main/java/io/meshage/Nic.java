package io.meshage;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/** Diarkis' {@code nic} setting: the address to bind, found by the name of a network interface. */
final class Nic {
  private Nic() {}

  /**
   * The first IPv4 address of the interface {@code name} (its first address of any kind when it has
   * no IPv4 one).
   *
   * @throws IllegalArgumentException naming the field {@code nic} when there is no such interface,
   *     it is down, or it has no address
   */
  static String address(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("nic must name a network interface, got '" + name + "'");
    }
    NetworkInterface nic;
    try {
      nic = NetworkInterface.getByName(name);
      if (nic == null) {
        throw new IllegalArgumentException("nic: no network interface named '" + name + "' (have: "
            + String.join(", ", Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .map(NetworkInterface::getName).sorted().toList()) + ")");
      }
      if (!nic.isUp()) {
        throw new IllegalArgumentException("nic: network interface '" + name + "' is down");
      }
    } catch (SocketException e) {
      throw new IllegalArgumentException("nic: cannot read network interface '" + name + "': " + e.getMessage(), e);
    }
    InetAddress any = null;
    for (InetAddress a : Collections.list(nic.getInetAddresses())) {
      if (a instanceof Inet4Address) {
        return a.getHostAddress();
      }
      any = any == null ? a : any;
    }
    if (any == null) {
      throw new IllegalArgumentException("nic: network interface '" + name + "' has no address");
    }
    String host = any.getHostAddress();
    int scope = host.indexOf('%');
    return scope < 0 ? host : host.substring(0, scope);
  }
}
