package io.meshage.internal.membership;

import io.meshage.Counter;
import io.meshage.internal.EventLoop;
import io.meshage.internal.NodeContext;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.link.LinkTable;
import io.meshage.internal.routing.RouteManager;
import io.meshage.internal.transport.Transport;
import io.meshage.routing.LinkStateDatabase;
import io.meshage.routing.RouteTable;
import io.meshage.routing.Topology;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Broadcast discovery and the degree rule: beacons while the node wants links (backed off),
 * dialing back nodes heard in the same namespace (the SOLICIT rule past 16 nodes), keeping the last
 * free slot for a node outside this part of the mesh, and making room when two full parts hear of
 * each other. Owned by the event loop.
 */
public final class BeaconDiscovery {
  private static final Logger LOG = LogManager.getLogger(BeaconDiscovery.class);
  /** Past this many known nodes, only a random 1/{@link #SOLICIT_RATIO} answers a beacon. */
  static final int SOLICIT_LIMIT = 16;
  static final int SOLICIT_RATIO = 8;

  private final NodeContext node;
  private final LinkTable links;
  private final RouteManager routes;
  private final LinkStateDatabase lsdb;
  private Transport.Discovery channel;
  private int degree;
  private long beaconDelayNanos;
  private EventLoop.Cancellable beaconTimer;
  private final Map<String, Long> heard = new HashMap<>();
  /** Cache of {@link #foreignKnown()}: valid for one route table and one set of heard names. */
  private boolean foreignKnown;
  private boolean foreignKnownValid;
  private RouteTable foreignKnownRoutes;
  private long lastRewireNanos = Long.MIN_VALUE / 2;

  public BeaconDiscovery(NodeContext node, LinkTable links, RouteManager routes, LinkStateDatabase lsdb) {
    this.node = node;
    this.links = links;
    this.routes = routes;
    this.lsdb = lsdb;
    this.degree = node.config().degree();
  }

  /**
   * Opens the discovery channel (broadcast when the config names a port, a pluggable {@code
   * Discovery} when it has one; see {@link DiscoveryChannels}). Any thread, before start.
   */
  public void open(Transport transport) throws IOException {
    channel =
        DiscoveryChannels.open(
            node, transport, links.listenAddress(), (b, from) -> node.loop().execute(() -> beaconReceived(b, from)));
  }

  public void close() {
    if (channel != null) {
      channel.close();
    }
  }

  public int degree() {
    return degree;
  }

  /** Sets the degree (validated by the caller) and beacons at once when it now wants links. */
  public void setDegree(int d) {
    degree = d;
    resetBackoff();
  }

  /** Whether an automatic link to {@code peer} may be added now; see {@link io.meshage.internal.link.LinkEvents}. */
  public String refuseAutomatic(String peer) {
    if (links.size() >= degree) {
      return "degree " + degree + " reached";
    }
    if (degree - links.size() == 1 && routes.current().isReachable(peer) && foreignKnown()) {
      return "last free slot kept for a node outside this part of the mesh";
    }
    return null;
  }

  /** The periodic MSA tick: heard names may have aged. */
  public void invalidate() {
    foreignKnownValid = false;
  }

  /** Beacons now and restarts the back-off (on start, link loss and degree change). */
  public void resetBackoff() {
    beaconDelayNanos = node.config().beaconPeriod().toNanos();
    if (beaconTimer != null) {
      beaconTimer.cancel();
    }
    beaconTimer = node.loop().schedule(this::beacon, 0);
  }

  private void beacon() {
    beaconTimer = null;
    if (node.isClosed() || channel == null) {
      return;
    }
    int wanted = degree - links.size() - links.pendingDials();
    if (wanted <= 0) {
      // Full. The smallest node of each part still announces the part now and then (wanted 0),
      // so that two parts that both filled up hear of each other and one makes room.
      if (degree > 0 && isSmallestOfPart()) {
        sendBeacon(0);
      }
      long max = node.config().beaconMaxPeriod().toNanos();
      beaconTimer = node.loop().schedule(this::beacon, max + (long) (max * 0.2 * node.random().nextDouble()));
      return;
    }
    sendBeacon(wanted);
    long jitter = (long) (beaconDelayNanos * 0.2 * node.random().nextDouble());
    beaconTimer = node.loop().schedule(this::beacon, beaconDelayNanos + jitter);
    if (!foreignKnown()) {
      beaconDelayNanos = Math.min(beaconDelayNanos * 2, node.config().beaconMaxPeriod().toNanos());
    }
  }

  private void sendBeacon(int wanted) {
    InetSocketAddress listen = links.listenAddress();
    String host = listen.getAddress().isAnyLocalAddress() ? "" : listen.getAddress().getHostAddress();
    channel.send(
        new Frame.Beacon(
            Frame.VERSION, node.config().namespace(), node.self(), node.instance(), host, listen.getPort(),
            wanted, lsdb.size()));
    node.stats().increment(Counter.BEACONS_SENT);
  }

  private void beaconReceived(Frame.Beacon b, String fromHost) {
    node.stats().increment(Counter.BEACONS_RECEIVED);
    if (node.isClosed() || b.version() != Frame.VERSION || b.name().equals(node.self())
        || !b.namespace().equals(node.config().namespace())) {
      return;
    }
    if (heard.put(b.name(), node.loop().nanoTime()) == null) {
      foreignKnownValid = false;
    }
    if (links.contains(b.name()) || links.isDialing(b.name())) {
      return;
    }
    int spare = degree - links.size() - links.pendingDials();
    boolean foreign = !routes.recent().isReachable(b.name());
    if (spare <= 0 || b.wanted() == 0) {
      if (foreign && spare <= 0 && links.pendingDials() == 0) {
        makeRoomFor(b, fromHost);
      }
      return;
    }
    if (!foreign) {
      if (spare == 1 && foreignKnown()) {
        return;
      }
      if (lsdb.size() > SOLICIT_LIMIT && node.random().nextInt(SOLICIT_RATIO) != 0) {
        return;
      }
    }
    LOG.debug("[{}] answering beacon of {} at {}:{}", node.self(), b.name(), hostOf(b, fromHost), b.listenPort());
    dialBack(b, fromHost);
  }

  private static String hostOf(Frame.Beacon b, String fromHost) {
    return b.listenHost().isEmpty() ? fromHost : b.listenHost();
  }

  private void dialBack(Frame.Beacon b, String fromHost) {
    links.dial(new InetSocketAddress(hostOf(b, fromHost), b.listenPort()), false, b.name(), new CompletableFuture<>());
  }

  /**
   * A full part of the mesh hears a node outside it: its lexically smallest node (or, by chance,
   * another) drops one link that lies on a cycle (so its part stays connected) and dials the
   * outsider when it wants links (when the outsider is full too, the freed slots beacon and the
   * other part makes room in turn), so that parts which filled up apart still merge. At most
   * once per node and beacon max period.
   */
  private void makeRoomFor(Frame.Beacon b, String fromHost) {
    long now = node.loop().nanoTime();
    if (degree == 0 || now - lastRewireNanos < node.config().beaconMaxPeriod().toNanos()) {
      return;
    }
    Map<String, Set<String>> mesh = routes.lastMesh();
    // The smallest node acts first; any other takes its turn at random (about one per part and
    // beacon), so a part whose smallest node has only bridge links still opens up.
    if (!isSmallestOfPart() && node.random().nextInt(Math.max(1, mesh.size())) != 0) {
      return;
    }
    Topology part = Topology.of(mesh);
    List<String> candidates = new ArrayList<>(links.names());
    Collections.reverse(candidates);
    for (String n : candidates) {
      if (part.connectedWithoutEdge(node.self(), n)) {
        lastRewireNanos = now;
        LOG.info("[{}] part of the mesh is full: dropping {} to join {}", node.self(), n, b.name());
        links.hangup(n);
        if (b.wanted() > 0) {
          dialBack(b, fromHost);
        }
        return;
      }
    }
  }

  /** Whether this node has the lexically smallest name of its part of the mesh. */
  private boolean isSmallestOfPart() {
    for (String n : routes.lastMesh().keySet()) {
      if (n.compareTo(node.self()) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a node heard by discovery recently is not in our part of the mesh. While so, beacons
   * do not back off and every node keeps its last free degree slot for a node outside its part,
   * so that parts that formed apart keep a way to join (nodes never exceed their degree by
   * auto-connection, so a part whose nodes are all full would otherwise stay an island; parts
   * that filled up before hearing of each other are opened by {@link #makeRoomFor}).
   */
  private boolean foreignKnown() {
    RouteTable r = routes.recent();
    if (foreignKnownValid && foreignKnownRoutes == r) {
      return foreignKnown;
    }
    long now = node.loop().nanoTime();
    long keep = 4 * node.config().beaconMaxPeriod().toNanos();
    heard.values().removeIf(t -> now - t > keep);
    foreignKnown = false;
    for (String n : heard.keySet()) {
      if (!r.isReachable(n)) {
        foreignKnown = true;
        break;
      }
    }
    foreignKnownValid = true;
    foreignKnownRoutes = r;
    return foreignKnown;
  }
}
