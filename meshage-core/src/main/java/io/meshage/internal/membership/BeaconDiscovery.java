package io.meshage.internal.membership;

import io.meshage.Counter;
import io.meshage.internal.EventLoop;
import io.meshage.internal.NodeContext;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.codec.Advertised;
import io.meshage.internal.link.LinkTable;
import io.meshage.internal.routing.RouteManager;
import io.meshage.internal.transport.Transport;
import io.meshage.routing.LinkStateDatabase;
import io.meshage.routing.Part;
import io.meshage.routing.RouteTable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Broadcast discovery and the degree rule: beacons while the node wants links (backed off),
 * dialing back nodes heard in the same namespace (the SOLICIT rule past 16 nodes), keeping the last
 * free slot for a node outside this part of the mesh, and the edge swap that joins two full parts
 * (decided by {@link FormationPolicy}). Owned by the event loop.
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
  // Outsiders heard recently (name to when), for foreignKnown().
  private final HeardNames heard = new HeardNames();
  private int heardPruneAt = 64;
  /** Cache of {@link #foreignKnown()}: valid for one route table and one set of heard names. */
  private boolean foreignKnown;
  private boolean foreignKnownValid;
  private RouteTable foreignKnownRoutes;
  private final FormationPolicy formation;
  private final RejoinBeacons rejoin;
  /** The address sealed into beacons of a keyed node bound to the wildcard; chosen once (loop). */
  private String sealedHost;
  private boolean mergeScheduled;
  private long conflictInstance;
  private long conflictDialNanos;
  /** Neighbours hung up by hand, to when their hold-down ends. */
  private final java.util.Map<String, Long> heldDown = new java.util.HashMap<>();
  /** The neighbour shed last to reach a lowered degree, until the view no longer shows the link. */
  private String shedPending;
  /** Set by a lowered degree until the links are down to it (a user's dial past the degree sheds nothing). */
  private boolean shedding;
  private long lastSentNanos = Long.MIN_VALUE / 2;

  public BeaconDiscovery(NodeContext node, LinkTable links, RouteManager routes, LinkStateDatabase lsdb) {
    this.node = node;
    this.links = links;
    this.routes = routes;
    this.lsdb = lsdb;
    this.degree = node.config().degree();
    this.formation =
        new FormationPolicy(node.self(), node.config().beaconPeriod().toNanos(), node.config().beaconMaxPeriod().toNanos());
    this.rejoin = new RejoinBeacons(node.self(), 4 * node.config().beaconPeriod().toNanos());
  }

  /**
   * Opens the discovery channel (broadcast when the config names a port, a pluggable {@code
   * Discovery} when it has one; see {@link DiscoveryChannels}). Any thread, before start.
   */
  public void open(Transport transport) throws IOException {
    channel =
        DiscoveryChannels.open(
            node, transport, links.listenAddress(), (b, from) -> {
              // the simulator delivers on the loop already; a real channel on its reader thread
              if (node.loop().inLoop()) {
                beaconReceived(b, from);
              } else {
                node.loop().execute(() -> beaconReceived(b, from));
              }
            });
  }

  public void close() {
    if (channel != null) {
      channel.close();
    }
  }

  public int degree() {
    return degree;
  }

  /**
   * Sets the degree (validated by the caller) and beacons at once when it now wants links; below
   * the current link count it sheds automatic links (see {@link #shedExcess}).
   */
  public void setDegree(int d) {
    degree = d;
    shedPending = null;
    shedding = links.size() > d;
    resetBackoff();
    shedExcess(routes.lastPart());
  }

  /**
   * After its degree was lowered below its link count, this node drops one automatic link (never a user's dial) that lies on a
   * cycle of its part, so the part stays connected; the next one only once the view no longer
   * shows the last (two drops decided on one view could split the part). Links that are bridges
   * stay: shedding them would split the part.
   */
  private void shedExcess(Part part) {
    if (!shedding || links.size() <= degree || node.isClosed()) {
      shedding = false;
      return;
    }
    if (shedPending != null && part.neighborsOf(node.self()).contains(shedPending)) {
      return;
    }
    String shed = formation.linkToShed(part, links.automaticNames(), null);
    shedPending = shed;
    if (shed == null) {
      shedding = false;
      LOG.info("[{}] {} links past degree {}: none left to shed without splitting the part (or dialed by hand)",
          node.self(), links.size(), degree);
      return;
    }
    node.stats().increment(Counter.LINKS_SHED);
    LOG.info("[{}] degree {}: shedding the link to {} (on a cycle)", node.self(), degree, shed);
    links.hangup(shed);
  }

  /**
   * The operator hung up {@code peer}: no automatic link to it for the hold-down time ({@code
   * hangupHoldDown}), unless this node has no link at all.
   */
  public void holdDown(String peer) {
    long holdNanos = node.config().hangupHoldDown().toNanos();
    if (holdNanos > 0) {
      heldDown.put(peer, node.loop().nanoTime() + holdNanos);
    }
  }

  /** Whether {@code peer} is held down after a hangup now (expired entries go). */
  private boolean isHeldDown(String peer) {
    if (heldDown.isEmpty()) {
      return false;
    }
    Long until = heldDown.get(peer);
    if (until == null) {
      return false;
    }
    if (until - node.loop().nanoTime() <= 0) {
      heldDown.remove(peer);
      return false;
    }
    return !links.isEmptyOfLinks();
  }

  /** Whether an automatic link to {@code peer} may be added now; see {@link io.meshage.internal.link.LinkEvents}. */
  public String refuseAutomatic(String peer) {
    if (isHeldDown(peer)) {
      return "hung up here by hand; held down for " + node.config().hangupHoldDown().toSeconds() + " s";
    }
    if (links.size() >= degree && !maySwapFor(peer)) {
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
    long now = node.loop().nanoTime();
    boolean rejoining = degree > 0 && rejoin.active(routes.lastPart(), now);
    if (wanted <= 0) {
      // Full. The part's designated node announces it (wanted 0), often after its members
      // change and then backing off, so that two parts that both filled up hear of each other.
      long[] next = {node.config().beaconMaxPeriod().toNanos()};
      boolean announced = degree > 0 && formation.announceNow(routes.lastPart(), now, node.random(), next);
      if (announced || (rejoining && now - lastSentNanos >= rejoin.periodNanos())) {
        sendBeacon(0);
      }
      long delay = Math.max(next[0], node.config().beaconPeriod().toNanos() / 2);
      beaconTimer = node.loop().schedule(this::beacon, rejoining ? Math.min(delay, rejoinDelay()) : delay);
      return;
    }
    sendBeacon(wanted);
    long jitter = (long) (beaconDelayNanos * 0.2 * node.random().nextDouble());
    long delay = beaconDelayNanos + jitter;
    beaconTimer = node.loop().schedule(this::beacon, rejoining ? Math.min(delay, rejoinDelay()) : delay);
    if (!foreignKnown()) {
      beaconDelayNanos = Math.min(beaconDelayNanos * 2, node.config().beaconMaxPeriod().toNanos());
    }
  }

  /** The next beacon while this node beacons for its cut-off part: the rejoin period plus up to 20%. */
  private long rejoinDelay() {
    long p = rejoin.periodNanos();
    return p + (long) (p * 0.2 * node.random().nextDouble());
  }

  private void sendBeacon(int wanted) {
    lastSentNanos = node.loop().nanoTime();
    // the advertised address (--advertise, else the bound one); a wildcard bind as beaconHost says
    Advertised at = links.advertised();
    String host = at.host().isEmpty() ? beaconHost(links.listenAddress()) : at.host();
    channel.send(
        new Frame.Beacon(
            Frame.VERSION, node.config().namespace(), node.self(), node.instance(), host, at.port(),
            wanted, lsdb.size()));
    node.stats().increment(Counter.BEACONS_SENT);
  }

  /**
   * The host a beacon carries: the bound address; for a wildcard bind none (hearers use the
   * datagram's source), except on a keyed node, whose beacons seal a chosen address ({@link
   * SealedBeaconHost}).
   */
  private String beaconHost(InetSocketAddress listen) {
    if (!listen.getAddress().isAnyLocalAddress()) {
      return listen.getAddress().getHostAddress();
    }
    if (!node.config().keyed()) {
      return "";
    }
    if (sealedHost == null) {
      sealedHost = SealedBeaconHost.choose(node.config().broadcastAddress());
    }
    return sealedHost;
  }

  private void beaconReceived(Frame.Beacon b, String fromHost) {
    node.stats().increment(Counter.BEACONS_RECEIVED);
    if (node.isClosed() || b.version() != Frame.VERSION || !b.namespace().equals(node.config().namespace())) {
      return;
    }
    if (b.name().equals(node.self())) {
      if (b.instance() != node.instance()) {
        ownNameHeard(b, fromHost);
      }
      return;
    }
    if (node.config().keyed() && b.listenHost().isEmpty()) {
      // A sealed beacon names the address to dial; the datagram's source is not covered by the seal.
      LOG.debug("[{}] ignored sealed beacon of {} without an address", node.self(), b.name());
      return;
    }
    boolean foreign = !routes.recent().isReachable(b.name());
    // Only outsiders are remembered (a mesh of N nodes would otherwise keep N names per node); a
    // member that becomes an outsider later is remembered at its next beacon.
    if (!foreign) {
      if (!heard.isEmpty()) {
        heard.remove(b.name());
      }
    } else if (heard.put(b.name(), node.loop().nanoTime())) {
      foreignKnownValid = false;
      if (heard.size() > heardPruneAt) {
        // Amortised: forget those that joined meanwhile or went quiet, at each doubling.
        pruneHeard(routes.recent());
        heardPruneAt = Math.max(64, 2 * heard.size());
      }
    }
    int spare = degree - links.size() - links.pendingDials();
    if (!foreign && spare <= 0) {
      return; // the usual case in a formed mesh: a member's beacon heard by a full node
    }
    if (links.contains(b.name()) || links.isDialing(b.name()) || isHeldDown(b.name())) {
      return;
    }
    if (spare <= 0) {
      if (foreign && links.pendingDials() == 0 && degree > 0) {
        fullHeardOutsider(b, fromHost);
      }
      return;
    }
    if (!foreign) {
      if (b.wanted() == 0 || (spare == 1 && foreignKnown())) {
        return;
      }
      // SOLICIT rule: past a mesh size of 16, only about one in 8 answers a beacon of its part.
      if (lsdb.size() > SOLICIT_LIMIT && node.random().nextInt(SOLICIT_RATIO) != 0) {
        return;
      }
    }
    // An outsider: answered by every node with free degree, also when it announces a full part
    // (wanted 0): its designated node then swaps a link to take ours.
    LOG.debug("[{}] answering beacon of {} at {}:{}", node.self(), b.name(), hostOf(b, fromHost), b.listenPort());
    dialBack(b, fromHost);
  }

  /**
   * Another instance beacons this node's name: dial it (at most once a second per instance), and
   * the handshake settles who keeps the name (see {@code LinkTable}: the instance with links, or
   * the older one; the other stops).
   */
  private void ownNameHeard(Frame.Beacon b, String fromHost) {
    long now = node.loop().nanoTime();
    if (b.instance() == conflictInstance && now - conflictDialNanos < 1_000_000_000L) {
      return;
    }
    conflictInstance = b.instance();
    conflictDialNanos = now;
    node.stats().increment(Counter.NAME_CONFLICTS);
    LOG.warn("[{}] another instance of this name (instance {}) beacons from {}:{}; telling it the name is held",
        node.self(), b.instance(), hostOf(b, fromHost), b.listenPort());
    dialBack(b, fromHost);
  }

  private static String hostOf(Frame.Beacon b, String fromHost) {
    return b.listenHost().isEmpty() ? fromHost : b.listenHost();
  }

  private void dialBack(Frame.Beacon b, String fromHost) {
    links.dial(new InetSocketAddress(hostOf(b, fromHost), b.listenPort()), false, b.name(), new CompletableFuture<>());
  }

  /**
   * A full node hears a node outside its part: the part's designated node dials it after a short
   * hold-off (nodes of the part with free degree answer first), and the edge swap in the handshake
   * keeps every degree. See {@link FormationPolicy}.
   */
  private void fullHeardOutsider(Frame.Beacon b, String fromHost) {
    long now = node.loop().nanoTime();
    switch (formation.onBeaconWhileFull(routes.lastPart(), links.automaticNames(), b.name(), b.wanted(), now)) {
      case MERGE -> {
        if (mergeScheduled) {
          return;
        }
        mergeScheduled = true;
        node.loop().schedule(() -> {
          mergeScheduled = false;
          if (!node.isClosed() && degree - links.size() - links.pendingDials() <= 0 && links.pendingDials() == 0
              && !links.contains(b.name()) && !routes.current().isReachable(b.name())
              && formation.isDesignated(routes.lastPart()) && maySwapFor(b.name())) {
            LOG.info("[{}] part is full: rewiring to join {}", node.self(), b.name());
            dialBack(b, fromHost);
          }
        }, formation.mergeHoldOffNanos());
      }
      case ANNOUNCE -> {
        formation.announceSoon();
        rescheduleBeacon();
      }
      case IGNORE -> { }
    }
  }

  /** Whether a full node may take an automatic link to {@code peer}: an edge swap into another part. */
  private boolean maySwapFor(String peer) {
    return degree > 0 && links.size() == degree && !routes.current().isReachable(peer)
        && formation.maySwap(routes.lastPart(), links.automaticNames(), node.loop().nanoTime());
  }

  /**
   * An automatic link to a new peer is up: when it took this node past its degree (an edge swap),
   * drop a link on a cycle of the old part (or, if none, the new link).
   */
  public void automaticLinkAdded(String joined) {
    if (links.size() <= degree) {
      return;
    }
    String shed = formation.linkToShed(routes.lastPart(), links.automaticNames(), joined);
    if (shed == null) {
      LOG.info("[{}] no link to shed for {}: dropping it again", node.self(), joined);
      links.hangup(joined);
      return;
    }
    formation.swapped(joined, node.loop().nanoTime());
    node.stats().increment(Counter.LINK_SWAPS);
    LOG.info("[{}] joined {} outside this part: dropping {} (on a cycle) to keep degree {}", node.self(), joined, shed, degree);
    links.hangup(shed);
  }

  /** The node's view of its part changed: a full part's designated node announces it soon. */
  public void viewChanged(Part part) {
    shedExcess(part);
    if (rejoin.viewChanged(part, node.loop().nanoTime()) && degree > 0 && channel != null
        && rejoin.active(part, node.loop().nanoTime())) {
      rescheduleBeacon();
    }
    if (formation.viewChanged(part) && degree > 0 && links.size() + links.pendingDials() >= degree && channel != null) {
      rescheduleBeacon();
    }
  }

  /** Brings the next beacon forward to now (the beacon itself applies the rate limits). */
  private void rescheduleBeacon() {
    if (beaconTimer != null) {
      beaconTimer.cancel();
    }
    beaconTimer = node.loop().schedule(this::beacon, 0);
  }

  /**
   * Whether a node heard by discovery recently is not in our part of the mesh. While so, beacons
   * do not back off and every node keeps its last free degree slot for a node outside its part,
   * so that parts that formed apart keep a way to join (nodes never exceed their degree by
   * auto-connection, so a part whose nodes are all full would otherwise stay an island; parts
   * that filled up before hearing of each other are joined by an edge swap, see {@link FormationPolicy}).
   */
  /** Forgets outsiders heard too long ago and those that have joined our part since. */
  private void pruneHeard(RouteTable r) {
    long now = node.loop().nanoTime();
    long keep = 4 * node.config().beaconMaxPeriod().toNanos();
    heard.removeIf(now - keep, r::isReachable);
  }

  private boolean foreignKnown() {
    RouteTable r = routes.recent();
    if (foreignKnownValid && foreignKnownRoutes == r) {
      return foreignKnown;
    }
    pruneHeard(r);
    foreignKnown = !heard.isEmpty();
    foreignKnownValid = true;
    foreignKnownRoutes = r;
    return foreignKnown;
  }
}
