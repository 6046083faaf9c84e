package io.meshage.cli;

import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
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

  /**
   * Waits until {@code condition} holds or {@code max} passes, re-checking whenever the topology
   * of one of {@code nodes} changes (event driven: no polling).
   */
  static boolean eventually(List<MeshNode> nodes, BooleanSupplier condition, Duration max)
      throws InterruptedException {
    java.util.concurrent.Semaphore changed = new java.util.concurrent.Semaphore(0);
    List<io.meshage.Subscription> subs = new java.util.ArrayList<>();
    for (MeshNode n : nodes) {
      subs.add(n.onTopologyChange(m -> changed.release()));
    }
    try {
      long deadline = System.nanoTime() + max.toNanos();
      while (!condition.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !changed.tryAcquire(left, java.util.concurrent.TimeUnit.NANOSECONDS)) {
          return condition.getAsBoolean();
        }
        changed.drainPermits();
      }
      return true;
    } finally {
      subs.forEach(io.meshage.Subscription::close);
    }
  }

  /** Waits up to 5 s for {@code condition}, re-checking every 50 ms (for changes that are not topology changes, such as tags). */
  static boolean eventuallyQuietly(BooleanSupplier condition) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
    }
    return true;
  }
}
