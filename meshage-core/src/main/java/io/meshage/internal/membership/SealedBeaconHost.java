package io.meshage.internal.membership;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;

/**
 * The address a keyed node bound to the wildcard ({@code 0.0.0.0}) puts in its beacons, inside the
 * seal, so that hearers dial an address the key vouches for and never the datagram's (forgeable)
 * source: the loopback address when the broadcast address is a loopback one; else the IPv4 address
 * of the interface whose broadcast address is the configured one; else the first IPv4 address of
 * an interface that is up and not loopback; else the loopback address.
 */
final class SealedBeaconHost {
  private SealedBeaconHost() {}

  static String choose(String broadcastAddress) {
    InetAddress broadcast;
    try {
      broadcast = InetAddress.getByName(broadcastAddress);
    } catch (UnknownHostException e) {
      broadcast = null;
    }
    if (broadcast != null && broadcast.isLoopbackAddress()) {
      return "127.0.0.1";
    }
    String first = null;
    try {
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!ni.isUp() || ni.isLoopback()) {
          continue;
        }
        for (InterfaceAddress ia : ni.getInterfaceAddresses()) {
          if (!(ia.getAddress() instanceof Inet4Address)) {
            continue;
          }
          if (broadcast != null && broadcast.equals(ia.getBroadcast())) {
            return ia.getAddress().getHostAddress();
          }
          if (first == null) {
            first = ia.getAddress().getHostAddress();
          }
        }
      }
    } catch (SocketException e) {
      // no interfaces to choose from
    }
    return first != null ? first : "127.0.0.1";
  }
}
