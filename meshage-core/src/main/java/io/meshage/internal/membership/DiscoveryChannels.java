package io.meshage.internal.membership;

import io.meshage.Discovery;
import io.meshage.MeshConfig;
import io.meshage.internal.NodeContext;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.transport.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.BiConsumer;

/**
 * Opens the node's discovery channel: UDP broadcast beacons through the transport (when {@code
 * discoveryPort} is set), a pluggable {@link Discovery} (when one is configured), or both, seen by
 * {@link BeaconDiscovery} as one channel. Any thread, before start.
 */
final class DiscoveryChannels {
  private DiscoveryChannels() {}

  /** The channel, or null when the node has no discovery at all. */
  static Transport.Discovery open(
      NodeContext node, Transport transport, InetSocketAddress listen, BiConsumer<Frame.Beacon, String> received)
      throws IOException {
    MeshConfig config = node.config();
    Transport.Discovery broadcast =
        config.discoveryPort() == 0
            ? null
            : transport.openDiscovery(config.discoveryPort(), config.broadcastAddress(), received);
    if (config.discovery() == null) {
      return broadcast;
    }
    Transport.Discovery plugged;
    try {
      plugged = PluggedDiscovery.open(node, config.discovery(), listen, received);
    } catch (IOException | RuntimeException e) {
      if (broadcast != null) {
        broadcast.close();
      }
      throw e;
    }
    return broadcast == null ? plugged : both(broadcast, plugged);
  }

  private static Transport.Discovery both(Transport.Discovery a, Transport.Discovery b) {
    return new Transport.Discovery() {
      @Override
      public void send(Frame.Beacon beacon) {
        a.send(beacon);
        b.send(beacon);
      }

      @Override
      public void close() {
        try {
          a.close();
        } finally {
          b.close();
        }
      }
    };
  }
}
