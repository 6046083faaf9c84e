package io.meshage.internal.sim;

import io.meshage.MeshConfig;
import io.meshage.internal.NodeStats;
import io.meshage.internal.node.NodeCore;
import io.meshage.internal.transport.fault.FaultyTransport;

/** One simulated node: its config, its virtual port and partition, and its current incarnation. */
final class SimNode {
  final MeshConfig config;
  final int port;
  /** The partition running this node's events, for all its incarnations. */
  final Partition part;
  /** The core of the current incarnation (null until the first boot). */
  NodeCore core;
  SimTransport transport;
  FaultyTransport faults;
  NodeStats stats;
  boolean alive;
  boolean frozen;

  SimNode(MeshConfig config, int port, Partition part) {
    this.config = config;
    this.port = port;
    this.part = part;
  }
}
