package io.meshage.internal.node;

import io.meshage.internal.Snapshot;
import io.meshage.internal.Published;
import io.meshage.internal.NodeContext;
import io.meshage.internal.EventLoop;
import io.meshage.Counter;
import io.meshage.Delivery;
import io.meshage.MeshConfig;
import io.meshage.internal.NodeStats;
import io.meshage.Message;
import io.meshage.NameConflictException;
import io.meshage.internal.codec.BodyCodec;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.link.Keepalive;
import io.meshage.internal.link.Link;
import io.meshage.internal.link.LinkEvents;
import io.meshage.internal.link.UserDials;
import io.meshage.internal.link.LinkTable;
import io.meshage.MembershipEvent;
import io.meshage.Subscription;
import io.meshage.internal.membership.BeaconDiscovery;
import io.meshage.internal.membership.MembershipTracker;
import io.meshage.internal.membership.MsaEngine;
import io.meshage.internal.membership.LiveNames;
import io.meshage.internal.messaging.AckBatcher;
import io.meshage.internal.messaging.AckTracker;
import io.meshage.internal.messaging.NextHops;
import io.meshage.internal.messaging.OriginSender;
import io.meshage.internal.messaging.Relay;
import io.meshage.internal.messaging.HandlerRegistry;
import io.meshage.internal.messaging.LocalDelivery;
import io.meshage.internal.routing.RouteManager;
import io.meshage.internal.transport.Transport;
import io.meshage.internal.keys.Keyring;
import io.meshage.internal.security.StrictFilter;
import io.meshage.routing.LinkStateDatabase;
import io.meshage.routing.NameIds;
import io.meshage.routing.Part;
import io.meshage.routing.Topology;
import io.meshage.routing.Msa;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One node's mesh logic, wired from its layers (link, membership, routing, messaging) and offered
 * to the facades as one object. It owns no mesh state itself: it builds the parts, routes frames
 * and events between them, and publishes snapshots. See {@code package-info.java} for who owns
 * what and which thread may call what.
 */
public final class NodeCore implements LinkEvents, RouteManager.Listener {
  private static final Logger LOG = LogManager.getLogger(NodeCore.class);

  /** The MSA metadata key holding a node's mesh endpoint (see {@link #meshEndpoint()}). */
  public static final String MESH_ENDPOINT_KEY = "c.m";

  /** The MSA metadata key present in the MSAs of a guest node (see {@code MeshConfig.guest}). */
  public static final String GUEST_KEY = "c.g";

  private final NodeContext node;
  private final Transport transport;
  private final Published published;
  private final HandlerRegistry registry = new HandlerRegistry();
  private final TopologyListeners topologyListeners;
  private final LinkStateDatabase lsdb;
  private final LinkTable links;
  private final UserDials userDials;
  private final Keepalive keepalive;
  private final RouteManager routes;
  private final MsaEngine msas;
  private final MembershipTracker membership;
  private final BeaconDiscovery discovery;
  private final AckTracker tracker;
  private final LocalDelivery delivery;
  private final AckBatcher acks;
  private final OriginSender origin;
  private final Relay relay;
  private final Keyring keyring;
  private volatile List<InetSocketAddress> listenAddresses = List.of();
  /** Guest nodes, from their MSAs; loop only. */
  private final Set<String> guests = new java.util.HashSet<>();
  /** Null unless the node runs in strict mode. */
  private final StrictFilter strict;
  private final LiveNames names;
  /** Completed when another live instance kept this node's name and this node stopped. */
  private final CompletableFuture<NameConflictException> conflict = new CompletableFuture<>();

  public NodeCore(
      MeshConfig config, EventLoop loop, Transport transport, Random random, Executor handlers,
      BodyCodec bodies, NodeStats stats, long instance) {
    this(config, loop, transport, random, handlers, bodies, stats, instance, null);
  }

  /**
   * A node whose topologies use {@code sharedIds}, a name table shared by every node of a
   * simulation (all on one thread), or a table of its own when null.
   */
  public NodeCore(
      MeshConfig config, EventLoop loop, Transport transport, Random random, Executor handlers,
      BodyCodec bodies, NodeStats stats, long instance, NameIds sharedIds) {
    this.node = new NodeContext(config, loop, random, handlers, bodies, stats, instance);
    this.topologyListeners = new TopologyListeners(handlers);
    this.transport = transport;
    String self = config.name();
    this.lsdb = new LinkStateDatabase(self, instance, sharedIds);
    this.published =
        new Published(new Snapshot(Set.of(), Part.of(Topology.of(Map.of(self, Set.of())), self), config.degree(),
            config.msaPeriod().toNanos()), lsdb.msas());
    this.links = new LinkTable(node, transport, published);
    this.userDials = new UserDials(node, links);
    this.keepalive = new Keepalive(node, links);
    this.routes = new RouteManager(node, lsdb, published);
    this.names = new LiveNames(node, links, routes, lsdb);
    this.discovery = new BeaconDiscovery(node, links, routes, lsdb);
    this.msas = new MsaEngine(node, lsdb, links, routes, names, discovery::invalidate);
    this.membership = new MembershipTracker(node, n -> lsdb.get(n).orElse(null), () -> published.snapshot().reachable());
    msas.addListener(membership::msaAccepted);
    this.tracker = new AckTracker(node);
    this.acks = new AckBatcher(node, tracker, routes, links);
    this.delivery = new LocalDelivery(node, registry, acks);
    NextHops hops = new NextHops(node, links);
    this.origin = new OriginSender(node, hops, routes, published, tracker);
    this.relay = new Relay(node, hops, routes, acks, delivery);
    this.keyring = new Keyring(config.keys());
    this.strict = config.strict() ? new StrictFilter(node, published) : null;
    links.events(this);
    routes.listener(this);
    msas.addListener(this::noteGuest);
  }

  /** Keeps the set of guests from the MSAs (a flag in their metadata); on the loop. */
  private void noteGuest(Msa m) {
    if (m.metadata().containsKey(GUEST_KEY) ? guests.add(m.origin()) : guests.remove(m.origin())) {
      publishSnapshot();
    }
  }

  // ---------------------------------------------------------------- lifecycle

  /** Binds the listener and discovery, then starts timers on the loop. Call from any thread. */
  public InetSocketAddress start() throws IOException {
    InetSocketAddress bound = links.listen(node.config().bindAddress(), node.config().port());
    List<InetSocketAddress> all = new java.util.ArrayList<>(List.of(bound));
    for (String hostPort : node.config().bindAddresses()) {
      int colon = hostPort.lastIndexOf(':');
      all.add(links.listenAlso(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))));
    }
    listenAddresses = List.copyOf(all);
    discovery.open(transport);
    node.loop().execute(this::started);
    return bound;
  }

  private void started() {
    LOG.info("[{}] started, instance {}, listening on {}", node.self(), node.instance(), links.listenAddress());
    msas.initialMetadata(MESH_ENDPOINT_KEY, meshEndpoint());
    if (node.config().guest()) {
      msas.initialMetadata(GUEST_KEY, "1");
    }
    msas.start();
    keepalive.start();
    discovery.resetBackoff();
  }

  /** Sends BYE to every neighbour and releases everything; runs on the loop. */
  public void shutdown() {
    if (node.isClosed()) {
      return;
    }
    node.markClosed();
    userDials.close();
    msas.originateFinal();
    links.closeAll("node " + node.self() + " closing");
    discovery.close();
    tracker.failAll();
    transport.close();
  }

  public boolean isClosed() {
    return node.isClosed();
  }

  /** Completes when this node was refused its name by another live instance and stopped (any thread). */
  public CompletableFuture<NameConflictException> conflict() {
    return conflict;
  }

  // ---------------------------------------------------------------- accessors (any thread)

  public String name() {
    return node.self();
  }

  public long instance() {
    return node.instance();
  }

  public MeshConfig config() {
    return node.config();
  }

  public EventLoop loop() {
    return node.loop();
  }

  public NodeStats stats() {
    return node.stats();
  }

  public BodyCodec bodies() {
    return node.bodies();
  }

  public InetSocketAddress listenAddress() {
    return links.listenAddress();
  }

  /** Every address listened on: {@link #listenAddress()} first, then those of {@code bindAddresses}. */
  public List<InetSocketAddress> listenAddresses() {
    return listenAddresses;
  }

  /**
   * The {@code host:port} other nodes dial to reach this node, announced in its MSAs under {@link
   * #MESH_ENDPOINT_KEY}: the advertised address ({@code MeshConfig.advertise}, as beacons and HELLO
   * carry it), else the bound one. A node bound to a wildcard address without an advertised one
   * announces the wildcard ({@code 0.0.0.0:port}): peers then dial the host they heard it from.
   */
  public String meshEndpoint() {
    io.meshage.internal.codec.Advertised a = links.advertised();
    if (a.host().isEmpty()) {
      return endpointText(links.listenAddress());
    }
    return (a.host().indexOf(':') >= 0 ? "[" + a.host() + "]" : a.host()) + ":" + a.port();
  }

  /** {@code host:port} of an address: the IP when resolved (an IPv6 one in brackets), else the host name. */
  static String endpointText(InetSocketAddress a) {
    String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  /** The namespace keys (empty on a keyless node); thread-safe. */
  public Keyring keyring() {
    return keyring;
  }

  public Snapshot snapshot() {
    return published.snapshot();
  }

  /** Every MSA held now, by origin (live view, safe to read from any thread). */
  public Map<String, Msa> msas() {
    return published.msas();
  }

  // ---------------------------------------------------------------- registration (any thread)

  public void addMessageHandler(Consumer<Message> h) {
    delivery.addMessageHandler(Frame.USER, h);
  }

  public void removeMessageHandler(Consumer<Message> h) {
    registry.removeMessageHandler(Frame.USER, h);
  }

  /** Adds a handler of messages on {@code channel} (layers on top use their own channel). */
  public void addMessageHandler(byte channel, Consumer<Message> h) {
    delivery.addMessageHandler(channel, h);
  }

  public void removeMessageHandler(byte channel, Consumer<Message> h) {
    registry.removeMessageHandler(channel, h);
  }

  /** See {@link HandlerRegistry#addLoopHandler}. */
  public void addLoopHandler(byte channel, Consumer<Message> h) {
    registry.addLoopHandler(channel, h);
  }

  public void addSnooper(Consumer<Message> h) {
    registry.addSnooper(h);
  }

  public void removeSnooper(Consumer<Message> h) {
    registry.removeSnooper(h);
  }

  public void addTopologyListener(Consumer<Map<String, Set<String>>> l) {
    topologyListeners.add(l);
  }

  /** See {@link TopologyListeners#addLinkLoss}. */
  public void addLinkLossListener(Runnable l) {
    topologyListeners.addLinkLoss(l);
  }

  public void removeTopologyListener(Consumer<Map<String, Set<String>>> l) {
    topologyListeners.remove(l);
  }

  /** Membership events to {@code listener}, on the handler threads, in order; call on the loop. */
  public Subscription addMembershipListener(java.util.function.Consumer<MembershipEvent> listener) {
    return membership.subscribe(listener);
  }

  /** Listens to every MSA accepted as new (on the loop thread: keep it short). */
  public void addMsaListener(Consumer<Msa> l) {
    msas.addListener(l);
  }

  // ---------------------------------------------------------------- settings and links (loop)

  /** Sets the degree; the caller validated it (see {@code MeshConfig.checkDegree}). */
  public void setDegree(int d) {
    discovery.setDegree(d);
    publishSnapshot();
  }

  public void setMsaPeriod(long nanos) {
    msas.setPeriod(nanos);
    publishSnapshot();
  }

  /** Sets (or with null removes) one metadata entry and announces it at once. */
  public void setMetadata(String key, String value) {
    msas.setMetadata(key, value);
  }

  public Map<String, String> metadata() {
    return msas.metadata();
  }

  /** Originates an MSA as soon as the MSA rate limit allows (meshage's {@code MSA()}). */
  public void announceNow() {
    msas.trigger();
  }

  /**
   * Sends this node's MSA to every neighbour at once, outside the rate limit: the last word of a
   * closing node (its OFFLINE status), just before its BYEs.
   */
  public void announceAtOnce() {
    msas.originateNow();
  }

  /** Dials {@code address}; {@code done} completes when the link is established or refused. */
  public void dial(InetSocketAddress address, boolean manual, String expectedName, CompletableFuture<String> done) {
    links.dial(address, manual, expectedName, done);
  }

  /**
   * The operator drops the link to {@code peer} and ends the user's dials of it (false when there
   * was neither); the peer is not linked again automatically for the hold-down time ({@code
   * hangupHoldDown}), see {@code BeaconDiscovery#holdDown}.
   */
  public boolean hangup(String peer) {
    boolean dialed = userDials.hungUp(peer);
    boolean linked = links.hangup(peer);
    if (linked) {
      discovery.holdDown(peer);
    }
    return dialed | linked;
  }

  /** The user's dials that persist ({@code --dial}, {@code mesh dial}); loop only. */
  public UserDials userDials() {
    return userDials;
  }

  // ---------------------------------------------------------------- sending

  /** Sends a SET or BROADCAST of user messages; runs on the loop. See {@link OriginSender#send}. */
  public void send(
      byte kind, List<String> recipients, BodyCodec.Encoded body, long timeoutNanos, CompletableFuture<Delivery> future) {
    origin.send(kind, Frame.USER, recipients, body, timeoutNanos, future);
  }

  /** Sends on {@code channel}; runs on the loop. See {@link OriginSender#send}. */
  public void send(
      byte kind, byte channel, List<String> recipients, BodyCodec.Encoded body, long timeoutNanos,
      CompletableFuture<Delivery> future) {
    origin.send(kind, channel, recipients, body, timeoutNanos, future);
  }

  /** A user SET to one recipient from a blocking caller (any thread); see {@link OriginSender#sendOneNow}. */
  public void sendOneNow(String recipient, BodyCodec.Encoded body, long timeoutNanos, CompletableFuture<Delivery> future) {
    origin.sendOneNow(Frame.USER, recipient, body, timeoutNanos, future);
  }

  /** Best effort, on the loop; returns how many recipients had a route. */
  public int sendUnreliable(byte channel, List<String> recipients, BodyCodec.Encoded body) {
    return origin.sendUnreliable(channel, recipients, body);
  }

  /** Best effort from any thread; see {@link OriginSender#sendUnreliableNow}. */
  public int sendUnreliableNow(byte channel, List<String> recipients, BodyCodec.Encoded body) {
    return origin.sendUnreliableNow(channel, recipients, body);
  }

  /** An answer from any thread, re-sent on a new route after topology changes; see {@link OriginSender#sendReplyNow}. */
  public boolean sendReplyNow(byte channel, String recipient, BodyCodec.Encoded body) {
    return origin.sendReplyNow(channel, recipient, body);
  }

  // ---------------------------------------------------------------- link events

  @Override
  public String refuseAutomatic(String peer) {
    return discovery.refuseAutomatic(peer);
  }

  @Override
  public String nameHeldElsewhere(String name, long instance) {
    return names.heldElsewhere(name, instance);
  }

  @Override
  public void nameLost(NameConflictException e) {
    if (!conflict.complete(e)) {
      return;
    }
    node.stats().increment(Counter.NAME_CONFLICTS);
    LOG.error("[{}] {}", node.self(), e.getMessage());
    node.loop().execute(this::shutdown);
  }

  @Override
  public void linkUp(Link link, boolean newPeer) {
    if (newPeer) {
      msas.trigger();
      membership.linkUp(link.peer(), link.connection().remoteHost());
    }
    msas.sendSummary(link);
    publishSnapshot();
    if (!newPeer) {
      // A link replaced by a simultaneous dial: frames still queued on the old one went down
      // with it, on either side. The new link is announced, and messages waiting for ACKs and
      // retained answers go out again on it, as after a topology change.
      msas.trigger();
      acks.topologyChanged();
      origin.topologyChanged();
      topologyListeners.linkReplaced();
    }
  }

  @Override
  public void automaticLinkAdded(Link link) {
    discovery.automaticLinkAdded(link.peer());
  }

  @Override
  public void linkDown(Link link, String reason) {
    topologyListeners.linkLost();
    names.linkDown(link.peer(), link.peerInstance());
    userDials.linkDown(link, reason);
    membership.linkDown(link.peer(), reason);
    publishSnapshot();
    msas.trigger();
    discovery.resetBackoff();
  }

  @Override
  public void frameArrived(Link l, Frame f) {
    if (strict != null && !strict.accepts(l, f, links.names())) {
      return;
    }
    if (f instanceof Frame.Data d) {
      relay.arrived(d);
    } else if (f instanceof Frame.Ack a) {
      acks.arrived(a);
    } else if (f instanceof Frame.MsaFrame m) {
      msas.arrived(l, m.msa());
    } else if (f instanceof Frame.Ping) {
      // liveness already recorded: both ends ping, so no answer is needed
    } else if (f instanceof Frame.Summary s) {
      msas.summaryArrived(l, s);
    } else if (f instanceof Frame.Bye b) {
      links.byeArrived(l, b.reason());
    } else {
      node.stats().increment(Counter.PROTOCOL_ERRORS);
      links.close(l, "unexpected " + f.getClass().getSimpleName() + " after handshake");
    }
  }

  // ---------------------------------------------------------------- route events and snapshots

  @Override
  public void unreachable(Set<String> lost) {
    tracker.unreachable(lost);
  }

  @Override
  public void recomputed(Part part, boolean partChanged) {
    discovery.viewChanged(part);
    publishSnapshot(part);
    if (partChanged) {
      membership.recomputed();
    }
    acks.topologyChanged();
    origin.topologyChanged();
    topologyListeners.recomputed(partChanged, () -> published.snapshot().mesh());
  }

  private void publishSnapshot() {
    publishSnapshot(routes.lastPart());
  }

  /** The guests known now: the same set object while it does not change. */
  private Set<String> guestView() {
    Set<String> before = published.snapshot().guests();
    return before.equals(guests) ? before : Set.copyOf(guests);
  }

  private void publishSnapshot(Part part) {
    // Unchanged neighbours keep their set object, so that a reader can tell "same" by identity.
    Set<String> before = published.snapshot().neighbors();
    Set<String> now = links.names();
    Set<String> neighbors = before.equals(now) ? before : Set.copyOf(now);
    published.snapshot(new Snapshot(neighbors, part, discovery.degree(), msas.periodNanos(), guestView()));
  }
}
