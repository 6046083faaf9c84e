package io.meshage.cli;

import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Test helpers: loopback-only nodes (broadcast 127.255.255.255), free ports, bounded polling. */
final class LocalNodes {
  static final String LOOPBACK = "127.0.0.1";
  static final String LOOPBACK_BROADCAST = "127.255.255.255";

  private LocalNodes() {}

  /** A config that never leaves the machine: loopback bind and broadcast, fast keepalives. */
  static MeshConfig.Builder config(String name, int discoveryPort) {
    return MeshConfig.builder(name)
        .namespace("test")
        .bindAddress(LOOPBACK)
        .broadcastAddress(LOOPBACK_BROADCAST)
        .port(0)
        .discoveryPort(discoveryPort)
        .keepaliveInterval(Duration.ofMillis(250))
        .keepaliveTimeout(Duration.ofSeconds(1));
  }

  static MeshNode start(MeshConfig.Builder config) {
    try {
      return MeshNode.start(config.build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A UDP port that was free a moment ago on loopback. */
  static int freeUdpPort() {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Polls {@code condition} every few milliseconds until it holds or {@code max} passes. */
  static boolean eventually(BooleanSupplier condition, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    return condition.getAsBoolean();
  }
}
