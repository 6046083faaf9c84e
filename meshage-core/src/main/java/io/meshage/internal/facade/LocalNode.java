package io.meshage.internal.facade;

import io.meshage.Delivery;
import io.meshage.DialStatus;
import io.meshage.FaultInjector;
import io.meshage.MembershipEvent;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.MeshStats;
import io.meshage.Message;
import io.meshage.NameConflictException;
import io.meshage.NamespaceKeys;
import io.meshage.Subscription;
import io.meshage.VerdictListener;
import io.meshage.command.ClusterInfo;
import io.meshage.command.MeshCommands;
import io.meshage.group.GroupConfig;
import io.meshage.group.Groups;
import io.meshage.group.Notifications;
import io.meshage.internal.check.SettingChecks;
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
 * The one implementation of {@link MeshNode}, over the runtime a node factory built: the node
 * core, the send gate (messaging), {@link Dialing} (links by hand), {@link NodeLayers} (the layers
 * on top) and {@link LoopCalls} (calls that wait on the event loop).
 */
public final class LocalNode implements MeshNode {
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

  /** Wraps the runtime a node factory built (the TCP factory or the simulator) and builds the layers on top. */
  public LocalNode(NodeRuntime runtime) {
    this.core = runtime.core();
    this.keys = new RingKeys(core.keyring());
    this.faults = runtime.faults();
    this.onClose = runtime.onClose();
    this.sends = new SendGate(core, runtime.completions());
    this.stats = new CounterView(core.stats()::get);
    this.loop = new LoopCalls(core.loop(), core.name());
    this.dialing = new Dialing(core, runtime.completions(), loop);
    this.layers = new NodeLayers(this, core, runtime.completions());
  }

  /** Starts a node on real sockets: the TCP node factory, then the facade over it (see {@link MeshNode#start}). */
  public static MeshNode start(MeshConfig config) throws IOException {
    return new LocalNode(TcpNodes.start(config));
  }

  // ------------------------------------------------------------------ identity and settings

  @Override
  public String name() {
    return core.name();
  }

  @Override
  public String namespace() {
    return core.config().namespace();
  }

  @Override
  public long instance() {
    return core.instance();
  }

  @Override
  public java.util.Optional<NameConflictException> conflict() {
    return java.util.Optional.ofNullable(core.conflict().getNow(null));
  }

  @Override
  public InetSocketAddress listenAddress() {
    return core.listenAddress();
  }

  @Override
  public List<InetSocketAddress> listenAddresses() {
    return core.listenAddresses();
  }

  @Override
  public MeshConfig config() {
    return core.config();
  }

  @Override
  public int degree() {
    return core.snapshot().degree();
  }

  @Override
  public void setDegree(int degree) {
    SettingChecks.checkDegree(degree, MeshConfig.MAX_DEGREE);
    if (degree != 0 && core.config().guest()) {
      throw new IllegalStateException("node " + name() + " is a guest: it never links automatically");
    }
    loop.run(() -> core.setDegree(degree));
  }

  @Override
  public Duration msaPeriod() {
    return Duration.ofNanos(core.snapshot().msaPeriodNanos());
  }

  @Override
  public void setMsaPeriod(Duration period) {
    SettingChecks.checkMsaPeriod(period);
    loop.run(() -> core.setMsaPeriod(period.toNanos()));
  }

  // ------------------------------------------------------------------ topology

  @Override
  public String dial(String hostPort) throws IOException {
    return dialing.dial(hostPort);
  }

  @Override
  public CompletableFuture<String> dialAsync(InetSocketAddress address) {
    return dialing.dialAsync(address);
  }

  @Override
  public CompletableFuture<String> keepDialing(String hostPort) {
    return dialing.keepDialing(hostPort);
  }

  @Override
  public boolean undial(String addressOrPeer) {
    return dialing.undial(addressOrPeer);
  }

  @Override
  public List<DialStatus> dials() {
    return dialing.dials();
  }

  @Override
  public boolean hangup(String peer) {
    return dialing.hangup(peer);
  }

  @Override
  public Set<String> neighbors() {
    return core.snapshot().neighbors();
  }

  @Override
  public Map<String, Set<String>> mesh() {
    return core.snapshot().mesh();
  }

  @Override
  public Set<String> broadcastRecipients() {
    return core.snapshot().reachable();
  }

  @Override
  public String dot() {
    return Dot.export(Topology.of(core.snapshot().mesh()), name());
  }

  @Override
  public Subscription onTopologyChange(Consumer<Map<String, Set<String>>> listener) {
    core.addTopologyListener(listener);
    return () -> core.removeTopologyListener(listener);
  }

  @Override
  public Subscription onMembership(Consumer<MembershipEvent> listener) {
    return loop.call(() -> core.addMembershipListener(listener));
  }

  @Override
  public Map<String, String> tags() {
    return loop.call(() -> MembershipTracker.tags(core.metadata()));
  }

  @Override
  public Map<String, String> tagsOf(String node) {
    if (node.equals(name())) {
      return tags();
    }
    Msa m = core.msas().get(node);
    return m == null ? Map.of() : MembershipTracker.tags(m.metadata());
  }

  @Override
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

  @Override
  public Delivery set(List<String> recipients, Object body) {
    loop.refuseOnVirtualTime("set");
    List<String> list = sends.checkRecipients(recipients);
    sends.acquireBlocking();
    return sends.await(sends.submit(Frame.SET, list, body, true));
  }

  @Override
  public CompletableFuture<Delivery> setAsync(List<String> recipients, Object body) {
    List<String> list = sends.checkRecipients(recipients);
    if (!sends.tryAcquire()) {
      return CompletableFuture.failedFuture(sends.backpressure());
    }
    return sends.submit(Frame.SET, list, body, false);
  }

  @Override
  public Delivery broadcast(Object body) {
    loop.refuseOnVirtualTime("broadcast");
    sends.acquireBlocking();
    return sends.await(sends.submit(Frame.BROADCAST, List.of(), body, true));
  }

  @Override
  public CompletableFuture<Delivery> broadcastAsync(Object body) {
    if (!sends.tryAcquire()) {
      return CompletableFuture.failedFuture(sends.backpressure());
    }
    return sends.submit(Frame.BROADCAST, List.of(), body, false);
  }

  @Override
  public CompletableFuture<Delivery> send(Message message) {
    java.util.Objects.requireNonNull(message, "message");
    return message.isBroadcast() || message.recipients().isEmpty()
        ? broadcastAsync(message.body())
        : setAsync(message.recipients(), message.body());
  }

  @Override
  public void announceNow() {
    core.loop().execute(core::announceNow);
  }

  @Override
  public Subscription onMessage(Consumer<Message> handler) {
    core.addMessageHandler(handler);
    return () -> core.removeMessageHandler(handler);
  }

  @Override
  public Subscription snoop(Consumer<Message> handler) {
    core.addSnooper(handler);
    return () -> core.removeSnooper(handler);
  }

  @Override
  public void registerType(Class<?> type) {
    core.bodies().register(type);
  }

  @Override
  public void registerType(Class<?> type, int id) {
    core.bodies().register(type, id);
  }

  @Override
  public FaultInjector faults() {
    if (faults == null) {
      throw new IllegalStateException(
          "node " + name() + " has no fault injector: build its config with faultInjection(true)");
    }
    return faults;
  }

  @Override
  public NamespaceKeys keys() {
    return keys;
  }

  @Override
  public int inFlight() {
    return sends.inFlight();
  }

  @Override
  public Subscription onVerdict(VerdictListener listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    return sends.onVerdict(listener);
  }

  @Override
  public MeshStats stats() {
    return stats;
  }

  // ------------------------------------------------------------------ layers on top

  @Override
  public MeshCommands commands() {
    return layers.commands();
  }

  @Override
  public ClusterInfo cluster() {
    return layers.cluster();
  }

  @Override
  public BilateralRpc rpc() {
    return layers.rpc();
  }

  @Override
  public Groups groups() {
    return groups(null);
  }

  @Override
  public synchronized Groups groups(GroupConfig config) {
    return layers.groups(config);
  }

  @Override
  public io.meshage.file.MeshFiles files() {
    return layers.files();
  }

  @Override
  public Notifications notifications() {
    return layers.notifications();
  }

  // ------------------------------------------------------------------ lifecycle

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
