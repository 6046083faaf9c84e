package io.meshage;

import io.meshage.command.ClusterInfo;
import io.meshage.command.MeshCommands;
import io.meshage.group.GroupConfig;
import io.meshage.group.Groups;
import io.meshage.group.Notifications;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.membership.MembershipTracker;
import io.meshage.internal.membership.TagRules;
import io.meshage.internal.node.NodeCore;
import io.meshage.internal.node.NodeRuntime;
import io.meshage.internal.node.SendGate;
import io.meshage.internal.node.TcpNodes;
import io.meshage.internal.node.ThreadEventLoop;
import io.meshage.routing.Dot;
import io.meshage.routing.Msa;
import io.meshage.routing.Topology;
import io.meshage.rpc.BilateralRpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A mesh node: finds peers, keeps the whole topology, and delivers messages on shortest paths
 * with an end-to-end ACK per recipient. Start one with {@link #start(MeshConfig)}; it is
 * thread-safe, every blocking call has a bounded wait and every future always completes.
 *
 * <p>This class is the node's public face; the work is done behind it by the node core, the send
 * gate (messaging), {@link Dialing} (links by hand), {@link NodeLayers} (the layers on top) and
 * {@link LoopCalls} (calls that wait on the event loop).
 */
public final class MeshNode implements AutoCloseable {
  private final NodeCore core;
  private final NamespaceKeys keys;
  private final FaultInjector faults;
  private final Runnable onClose;
  private final SendGate sends;
  private final MeshStats stats;
  private final AtomicInteger closeState = new AtomicInteger();
  private final LoopCalls loop;
  private final Dialing dialing;
  private final NodeLayers layers;

  /**
   * Wraps the runtime a node factory built (the TCP factory behind {@link #start(MeshConfig)}, or
   * the simulator) and builds the layers on top with their constructors. For the node factories
   * only: its parameter's type is not exported, so code outside this module cannot call it; use
   * {@link #start(MeshConfig)} or {@code io.meshage.sim.Simulation}.
   */
  public MeshNode(NodeRuntime runtime) {
    this.core = runtime.core();
    this.keys = new NamespaceKeys(core.keyring());
    this.faults = runtime.faults();
    this.onClose = runtime.onClose();
    this.sends = new SendGate(core, runtime.completions());
    this.stats = new MeshStats(core.stats()::get);
    this.loop = new LoopCalls(core.loop(), core.name());
    this.dialing = new Dialing(core, runtime.completions(), loop);
    this.layers = new NodeLayers(this, core, runtime.completions());
  }

  /**
   * Starts a node on real sockets. With discovery on, it then waits two beacon periods (200 ms by
   * default) for another live instance of its name to answer its first beacon.
   *
   * @throws NameConflictException when another live instance of this name in the namespace
   *     refused it (that instance keeps the name; see the README, "One node per name")
   * @throws IOException when it cannot bind its ports
   */
  public static MeshNode start(MeshConfig config) throws IOException {
    return new MeshNode(TcpNodes.start(config));
  }

  // ------------------------------------------------------------------ identity and settings

  public String name() {
    return core.name();
  }

  public String namespace() {
    return core.config().namespace();
  }

  /** The random per-start instance id announced in this node's MSAs. */
  public long instance() {
    return core.instance();
  }

  /**
   * Why this node stopped, when another live instance of its name kept the name (the node
   * closes itself then, with an ERROR log line); empty otherwise.
   */
  public java.util.Optional<NameConflictException> conflict() {
    return java.util.Optional.ofNullable(core.conflict().getNow(null));
  }

  /** The TCP address actually bound. */
  public InetSocketAddress listenAddress() {
    return core.listenAddress();
  }

  /** Every TCP address bound: {@link #listenAddress()} first, then those of {@link MeshConfig#bindAddresses()}. */
  public List<InetSocketAddress> listenAddresses() {
    return core.listenAddresses();
  }

  public MeshConfig config() {
    return core.config();
  }

  public int degree() {
    return core.snapshot().degree();
  }

  /**
   * Sets the degree: up starts seeking neighbours; down sheds automatic links (never ones dialed
   * by hand) one at a time, each on a cycle of the part, so the part stays connected.
   */
  public void setDegree(int degree) {
    ConfigChecks.checkDegree(degree);
    if (degree != 0 && core.config().guest()) {
      throw new IllegalStateException("node " + name() + " is a guest: it never links automatically");
    }
    loop.run(() -> core.setDegree(degree));
  }

  public Duration msaPeriod() {
    return Duration.ofNanos(core.snapshot().msaPeriodNanos());
  }

  public void setMsaPeriod(Duration period) {
    ConfigChecks.checkMsaPeriod(period);
    loop.run(() -> core.setMsaPeriod(period.toNanos()));
  }

  // ------------------------------------------------------------------ topology

  /**
   * Connects to {@code hostPort} regardless of degree and namespace. Blocks until the handshake
   * completes (bounded by the handshake timeout); returns the neighbour's name.
   *
   * @throws NameConflictException when another live instance holds this node's name (the peer
   *     refused it so, and this node, having no link, stopped)
   * @throws IOException when the address cannot be reached or the peer refuses
   */
  public String dial(String hostPort) throws IOException {
    return dialing.dial(hostPort);
  }

  /** Dials without blocking; completes with the neighbour's name. */
  public CompletableFuture<String> dialAsync(InetSocketAddress address) {
    return dialing.dialAsync(address);
  }

  /**
   * Dials {@code hostPort} ({@code host:port}, an IPv6 host in brackets) now and keeps it dialed:
   * failed tries are repeated with a capped, jittered backoff (0.25 s doubling to 5 s, half of it
   * random), and the link is dialed again when it drops, until {@link #hangup} of its peer or
   * {@link #undial}; a peer's own hangup stops it too. The result completes with the first try:
   * the peer's name, or its failure (the dial goes on).
   *
   * @throws IllegalArgumentException when {@code hostPort} is not host:port
   */
  public CompletableFuture<String> keepDialing(String hostPort) {
    return dialing.keepDialing(hostPort);
  }

  /** Stops keeping {@code addressOrPeer} dialed (an address as {@link #dials} lists it, or a peer's name); the link stays. */
  public boolean undial(String addressOrPeer) {
    return dialing.undial(addressOrPeer);
  }

  /** The dials that persist, by address. */
  public List<DialStatus> dials() {
    return dialing.dials();
  }

  /**
   * Parses {@code host:port} (an IPv6 host in brackets, {@code [::1]:40123}) without looking the
   * host up: the result is unresolved.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static InetSocketAddress parseAddress(String hostPort) {
    return Dialing.parseAddress(hostPort);
  }

  /**
   * Drops the link to neighbour {@code peer}; it is not linked again automatically for {@link
   * MeshConfig#hangupHoldDown()} (unless this node has no link at all). False when there is none.
   */
  public boolean hangup(String peer) {
    return dialing.hangup(peer);
  }

  /** The neighbours connected now. */
  public Set<String> neighbors() {
    return core.snapshot().neighbors();
  }

  /** The whole known topology reachable from here (two-way edges), including this node. */
  public Map<String, Set<String>> mesh() {
    return core.snapshot().mesh();
  }

  /** Every other reachable node. */
  public Set<String> broadcastRecipients() {
    return core.snapshot().reachable();
  }

  /** Graphviz text of the topology, this node highlighted. */
  public String dot() {
    return Dot.export(Topology.of(core.snapshot().mesh()), name());
  }

  /** Called with the new topology whenever it changes (off the event loop). */
  public Subscription onTopologyChange(Consumer<Map<String, Set<String>>> listener) {
    core.addTopologyListener(listener);
    return () -> core.removeTopologyListener(listener);
  }

  /**
   * Typed membership events (joined, left, failed, restarted, updated, own links up and down), to
   * {@code listener} on the handler threads in the order they happened, never on the event loop.
   * The first events are the changes after this call returns.
   */
  public Subscription onMembership(Consumer<MembershipEvent> listener) {
    return loop.call(() -> core.addMembershipListener(listener));
  }

  /** This node's tags ({@code role=web}), announced in its MSAs. */
  public Map<String, String> tags() {
    return loop.call(() -> MembershipTracker.tags(core.metadata()));
  }

  /** The tags node {@code node} announced last (this node's own for its name), empty when unknown. */
  public Map<String, String> tagsOf(String node) {
    if (node.equals(name())) {
      return tags();
    }
    Msa m = core.msas().get(node);
    return m == null ? Map.of() : MembershipTracker.tags(m.metadata());
  }

  /**
   * Sets tag {@code key} to {@code value} ({@code null} removes it) and announces it at once.
   *
   * @throws IllegalArgumentException for a key or value outside {@link TagRules}, saying what is allowed
   */
  public void setTag(String key, String value) {
    loop.call(
        () -> {
          Map<String, String> current = MembershipTracker.tags(core.metadata());
          TagRules.check(key, value, current);
          core.setMetadata(MembershipTracker.TAG_PREFIX + key, value);
          return null;
        });
  }

  // ------------------------------------------------------------------ messaging

  /**
   * Sends {@code body} to {@code recipients} and blocks until every recipient ACKed or the ACK
   * timeout passed. When {@code maxInFlight} messages already await ACKs, waits for room (bounded
   * by the ACK timeout, then fails with {@link MeshTimeoutException}).
   */
  public Delivery set(List<String> recipients, Object body) {
    loop.refuseOnVirtualTime("set");
    List<String> list = sends.checkRecipients(recipients);
    sends.acquireBlocking();
    return sends.await(sends.submit(Frame.SET, list, body, true));
  }

  /**
   * Sends without blocking. The future completes with the per-recipient verdict; it fails at
   * once with a {@link MeshException} when {@code maxInFlight} messages already await ACKs
   * (backpressure: retry later or use {@link #set}).
   */
  public CompletableFuture<Delivery> setAsync(List<String> recipients, Object body) {
    List<String> list = sends.checkRecipients(recipients);
    if (!sends.tryAcquire()) {
      return CompletableFuture.failedFuture(sends.backpressure());
    }
    return sends.submit(Frame.SET, list, body, false);
  }

  /** Sends to every reachable node and blocks for the verdict (see {@link #set}). */
  public Delivery broadcast(Object body) {
    loop.refuseOnVirtualTime("broadcast");
    sends.acquireBlocking();
    return sends.await(sends.submit(Frame.BROADCAST, List.of(), body, true));
  }

  /** Broadcasts without blocking (see {@link #setAsync} for backpressure). */
  public CompletableFuture<Delivery> broadcastAsync(Object body) {
    if (!sends.tryAcquire()) {
      return CompletableFuture.failedFuture(sends.backpressure());
    }
    return sends.submit(Frame.BROADCAST, List.of(), body, false);
  }

  /**
   * Sends a prepared message (meshage's {@code Send(*Message)}): {@link Message#to} or a received
   * message to its recipients, {@link Message#toAll} or a received broadcast to every reachable
   * node; only its recipients and body are used. Without blocking, as {@link #setAsync}.
   */
  public CompletableFuture<Delivery> send(Message message) {
    java.util.Objects.requireNonNull(message, "message");
    return message.isBroadcast() || message.recipients().isEmpty()
        ? broadcastAsync(message.body())
        : setAsync(message.recipients(), message.body());
  }

  /**
   * Announces this node's state now (meshage's {@code MSA()}): an MSA goes out as soon as the MSA
   * rate limit ({@link MeshConfig#msaMinInterval()}) allows, without waiting for the period.
   */
  public void announceNow() {
    core.loop().execute(core::announceNow);
  }

  /** Receives every message addressed to this node, at most once each, off the event loop. */
  public Subscription onMessage(Consumer<Message> handler) {
    core.addMessageHandler(handler);
    return () -> core.removeMessageHandler(handler);
  }

  /** Sees every message passing through this node, also those in transit. */
  public Subscription snoop(Consumer<Message> handler) {
    core.addSnooper(handler);
    return () -> core.removeSnooper(handler);
  }

  /** Registers a body class for Kryo; every node must register the same classes in the same order. */
  public void registerType(Class<?> type) {
    core.bodies().register(type);
  }

  /** Registers a body class with an explicit Kryo id (use ids of SafeSerializers.FIRST_USER_ID (36) and above). */
  public void registerType(Class<?> type, int id) {
    core.bodies().register(type, id);
  }

  /**
   * The fault injector of this node, for failure experiments on real sockets.
   *
   * @throws IllegalStateException when the node was built without
   *     {@link MeshConfig.Builder#faultInjection(boolean) faultInjection(true)}
   */
  public FaultInjector faults() {
    if (faults == null) {
      throw new IllegalStateException(
          "node " + name() + " has no fault injector: build its config with faultInjection(true)");
    }
    return faults;
  }

  /** The namespace keys, for rotation (see {@link NamespaceKeys}). */
  public NamespaceKeys keys() {
    return keys;
  }

  /** Sends awaiting their verdict now ({@code set} and {@code broadcast}; at most {@code maxInFlight}). */
  public int inFlight() {
    return sends.inFlight();
  }

  /** Calls {@code listener} on every verdict of {@code set} and {@code broadcast}; see {@link VerdictListener}. */
  public Subscription onVerdict(VerdictListener listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    return sends.onVerdict(listener);
  }

  /** The node's counters. */
  public MeshStats stats() {
    return stats;
  }

  // ------------------------------------------------------------------ layers on top

  /**
   * The Diarkis-style command layer of this node. It is attached when the node starts, so that a
   * node answers "no handler" to commands even before its owner touches it.
   */
  public MeshCommands commands() {
    return layers.commands();
  }

  /** Node types, metadata values, status and shared data of the cluster (created on first use). */
  public ClusterInfo cluster() {
    return layers.cluster();
  }

  /**
   * The bilateral multicast RPC layer of this node: register objects, call their methods on many
   * nodes. Attached when the node starts, so that it answers NO_SUCH_METHOD from the beginning.
   */
  public BilateralRpc rpc() {
    return layers.rpc();
  }

  /** Diarkis-style groups of members over the mesh, with the default {@link GroupConfig}. */
  public Groups groups() {
    return groups(null);
  }

  /**
   * The group layer, attached with {@code config} on first use (null: the defaults).
   *
   * @throws IllegalStateException when it is already attached with another config
   */
  public synchronized Groups groups(GroupConfig config) {
    return layers.groups(config);
  }

  /**
   * Files over the mesh (list, get, status, delete), when the node was given a folder to serve.
   *
   * @throws IllegalStateException when it was not ({@link MeshConfig.Builder#files})
   */
  public io.meshage.file.MeshFiles files() {
    return layers.files();
  }

  /**
   * Periodic notifications to every node (Diarkis' notification service). Attached when the node
   * starts, so that it receives notifications before its owner touches it.
   */
  public Notifications notifications() {
    return layers.notifications();
  }

  // ------------------------------------------------------------------ lifecycle

  /**
   * Marks this node OFFLINE, sends that MSA to every neighbour ahead of the BYEs (links keep their
   * order and a neighbour floods a new MSA before it reads the next frame, so the whole mesh learns
   * it), then says BYE to every neighbour and frees the ports and threads; idempotent. The CLI's
   * SIGTERM hook calls it.
   */
  @Override
  public void close() {
    if (!closeState.compareAndSet(0, 1)) {
      return;
    }
    layers.close();
    if (core.loop().isVirtual()) {
      core.loop().execute(core::shutdown);
      onClose.run();
      return;
    }
    CountDownLatch done = new CountDownLatch(1);
    core.loop().execute(
        () -> {
          core.shutdown();
          done.countDown();
        });
    try {
      done.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    onClose.run();
  }

  /** Freezes the event loop until {@code release} opens: a silent node, for failure tests. */
  void freeze(CountDownLatch release) {
    ((ThreadEventLoop) core.loop()).freezeUntil(release);
  }
}
