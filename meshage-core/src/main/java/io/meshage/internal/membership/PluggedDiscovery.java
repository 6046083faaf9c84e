package io.meshage.internal.membership;

import io.meshage.internal.codec.Advertised;
import io.meshage.Discovery;
import io.meshage.internal.NodeContext;
import io.meshage.internal.codec.Frame;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.BiConsumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A {@link Discovery} session seen as a beacon channel: beacons go out as {@link
 * Discovery.Session#announce} and candidates come back as beacons, so the degree and SOLICIT rules
 * of {@link BeaconDiscovery} apply to both alike. {@link #candidate} is thread-safe; {@link #send}
 * and {@link #close} run on the loop.
 */
final class PluggedDiscovery implements io.meshage.internal.transport.Transport.Discovery, Discovery.Context {
  private static final Logger LOG = LogManager.getLogger(PluggedDiscovery.class);

  private final NodeContext node;
  private final InetSocketAddress listen;
  private final BiConsumer<Frame.Beacon, String> received;
  private volatile Discovery.Session session;

  private PluggedDiscovery(NodeContext node, InetSocketAddress listen, BiConsumer<Frame.Beacon, String> received) {
    this.node = node;
    this.listen = listen;
    this.received = received;
  }

  static PluggedDiscovery open(
      NodeContext node, Discovery discovery, InetSocketAddress listen, BiConsumer<Frame.Beacon, String> received)
      throws IOException {
    PluggedDiscovery p = new PluggedDiscovery(node, listen, received);
    Discovery.Session s = discovery.open(p);
    if (s == null) {
      throw new IOException("discovery " + discovery + " of node " + node.self() + " opened no session");
    }
    p.session = s;
    return p;
  }

  @Override
  public String name() {
    return node.self();
  }

  @Override
  public String namespace() {
    return node.config().namespace();
  }

  @Override
  public InetSocketAddress listenAddress() {
    return listen;
  }

  @Override
  public InetSocketAddress advertisedAddress() {
    if (node.config().advertise() == null) {
      return listen;
    }
    Advertised a = Advertised.of(node.config().advertise(), listen);
    return InetSocketAddress.createUnresolved(a.host(), a.port());
  }

  @Override
  public void candidate(String name, String namespace, InetSocketAddress address, int wanted) {
    if (name == null || namespace == null || address == null || address.getPort() == 0 || wanted < 0) {
      LOG.debug("[{}] discovery reported a bad candidate {} {} {} {}", node.self(), name, namespace, address, wanted);
      return;
    }
    String host = address.getHostString();
    received.accept(
        new Frame.Beacon(Frame.VERSION, namespace, name, 0, host, address.getPort(), wanted, 0), host);
  }

  @Override
  public void send(Frame.Beacon beacon) {
    try {
      session.announce(beacon.wanted());
    } catch (RuntimeException e) {
      LOG.warn("[{}] discovery announcement failed: {}", node.self(), e.toString());
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (RuntimeException e) {
      LOG.warn("[{}] closing discovery failed: {}", node.self(), e.toString());
    }
  }
}
