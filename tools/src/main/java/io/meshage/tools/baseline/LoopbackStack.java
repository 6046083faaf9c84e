package io.meshage.tools.baseline;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.jgroups.Event;
import org.jgroups.JChannel;
import org.jgroups.protocols.BARRIER;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FORK;
import org.jgroups.protocols.FRAG2;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UFC;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.IpAddress;
import org.jgroups.stack.Protocol;

/**
 * The JGroups TCP stack of the baseline, built in code: JGroups' own {@code tcp.xml} with every
 * socket on 127.0.0.1, TCPPING listing only loopback ports, no multicast, no diagnostics, and a
 * FORK on top for the RPC channel.
 */
final class LoopbackStack {
  static final InetAddress LOOPBACK = loopback();

  private LoopbackStack() {}

  /**
   * The protocols of one member, bottom first.
   *
   * @param ownPort the TCP port this member binds on 127.0.0.1
   * @param memberPorts the TCP ports of every member, this one included, for TCPPING
   * @param bundlerType the transport's {@code bundler_type}
   */
  static List<Protocol> protocols(int ownPort, List<Integer> memberPorts, String bundlerType) {
    if (!memberPorts.contains(ownPort)) {
      throw new IllegalArgumentException("memberPorts " + memberPorts + " lack own port " + ownPort);
    }
    List<InetSocketAddress> initialHosts = new ArrayList<>();
    for (int port : memberPorts) {
      initialHosts.add(new InetSocketAddress(LOOPBACK, port));
    }
    TCP tcp = new TCP();
    tcp.setBindAddress(LOOPBACK);
    tcp.setBindPort(ownPort);
    tcp.setPortRange(0);
    tcp.setBundlerType(bundlerType);
    tcp.setBufferedInputStreamSize(65_536).setBufferedOutputStreamSize(65_536);
    tcp.setSockConnTimeout(300);
    tcp.setClientBindAddr(LOOPBACK);
    List<Protocol> stack = new ArrayList<>();
    stack.add(tcp);
    stack.add(new TCPPING().initialHosts(initialHosts).setPortRange(0));
    stack.add(new MERGE3().setMinInterval(10_000).setMaxInterval(30_000));
    stack.add(new FD_SOCK2().setBindAddress(LOOPBACK));
    stack.add(new FD_ALL3().setTimeout(40_000).setInterval(5_000));
    stack.add(new VERIFY_SUSPECT2().setTimeout(1_500));
    stack.add(new BARRIER());
    stack.add(new NAKACK2().useMcastXmit(false));
    stack.add(new UNICAST3());
    stack.add(new STABLE().setDesiredAverageGossip(50_000).setMaxBytes(4_000_000));
    stack.add(new GMS().printLocalAddress(false).setJoinTimeout(1_000));
    stack.add(new MFC().setMaxCredits(2_000_000).setMinThreshold(0.4));
    stack.add(new UFC().setMaxCredits(2_000_000).setMinThreshold(0.4));
    stack.add(new FRAG2().setFragSize(60_000));
    stack.add(new FORK());
    return stack;
  }

  /**
   * {@code count} consecutive ports from {@code basePort}, or as many free loopback ports chosen
   * by the kernel when {@code basePort} is 0.
   */
  static List<Integer> ports(int basePort, int count) throws IOException {
    List<Integer> ports = new ArrayList<>();
    if (basePort != 0) {
      for (int i = 0; i < count; i++) {
        ports.add(basePort + i);
      }
      return ports;
    }
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket();
        held.add(socket);
        socket.bind(new InetSocketAddress(LOOPBACK, 0));
        ports.add(socket.getLocalPort());
      }
    } finally {
      for (ServerSocket socket : held) {
        socket.close();
      }
    }
    return ports;
  }

  /** Fails unless {@code channel}'s transport listens on a loopback address. */
  static void requireLoopback(JChannel channel) {
    InetAddress bound = channel.getProtocolStack().getTransport().getBindAddress();
    Object physical = channel.down(new Event(Event.GET_PHYSICAL_ADDRESS, channel.getAddress()));
    boolean loopbackPhysical =
        physical instanceof IpAddress ip && ip.getIpAddress().isLoopbackAddress();
    if (bound == null || !bound.isLoopbackAddress() || !loopbackPhysical) {
      throw new IllegalStateException(
          "JGroups member " + channel.getAddress() + " is bound to " + bound + " (" + physical
              + "), not loopback; unset jgroups.bind_addr and run again");
    }
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new AssertionError("a 4-byte address is always valid", e);
    }
  }
}
