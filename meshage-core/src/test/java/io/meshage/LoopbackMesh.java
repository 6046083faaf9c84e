package io.meshage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Test helper for real-socket meshes: every node binds 127.0.0.1 on an ephemeral port and, when
 * discovery is on, broadcasts only to 127.255.255.255 on a free port. Waiting is event driven:
 * topology changes of any node wake up {@link #await}.
 */
final class LoopbackMesh implements AutoCloseable {
  static final String BROADCAST = "127.255.255.255";
  private final List<MeshNode> nodes = new ArrayList<>();
  private final Object changed = new Object();
  final int discoveryPort;

  LoopbackMesh(boolean discovery) {
    this.discoveryPort = discovery ? freeUdpPort() : 0;
  }

  static int freeUdpPort() {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A config on loopback only; the broadcast address is always the loopback one. */
  MeshConfig.Builder config(String name) {
    return MeshConfig.builder(name)
        .bindAddress("127.0.0.1")
        .port(0)
        .broadcastAddress(BROADCAST)
        .discoveryPort(discoveryPort)
        .keepaliveInterval(Duration.ofMillis(200))
        .keepaliveTimeout(Duration.ofMillis(1000));
  }

  MeshNode start(MeshConfig.Builder b) throws IOException {
    MeshConfig c = b.broadcastAddress(BROADCAST).build();
    MeshNode n = MeshNode.start(c);
    n.onTopologyChange(m -> signal());
    synchronized (nodes) {
      nodes.add(n);
    }
    return n;
  }

  MeshNode start(String name, int degree) throws IOException {
    return start(config(name).degree(degree));
  }

  void signal() {
    synchronized (changed) {
      changed.notifyAll();
    }
  }

  /** Waits until {@code condition} holds, re-checking on every topology change; false on timeout. */
  boolean await(BooleanSupplier condition, Duration max) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    synchronized (changed) {
      while (!condition.getAsBoolean()) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        // Bounded wait: woken by topology changes; re-checks at least every 50 ms.
        changed.wait(Math.max(1, Math.min(50, left / 1_000_000)));
      }
    }
    return true;
  }

  /** Whether every given node sees exactly {@code names} and they all agree. */
  static boolean agree(List<MeshNode> nodes, Set<String> names) {
    Map<String, Set<String>> first = null;
    for (MeshNode n : nodes) {
      Map<String, Set<String>> m = n.mesh();
      if (!m.keySet().equals(names)) {
        return false;
      }
      if (first != null && !first.equals(m)) {
        return false;
      }
      first = m;
    }
    return true;
  }

  @Override
  public void close() {
    synchronized (nodes) {
      for (MeshNode n : nodes) {
        n.close();
      }
    }
  }
}
