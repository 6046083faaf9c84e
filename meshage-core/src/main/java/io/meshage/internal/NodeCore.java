package io.meshage.internal;

import io.meshage.Counter;
import io.meshage.Delivery;
import io.meshage.Failure;
import io.meshage.MeshConfig;
import io.meshage.MeshException;
import io.meshage.MeshStats;
import io.meshage.Message;
import io.meshage.internal.membership.FormationPolicy;
import io.meshage.routing.Dot;
import io.meshage.routing.LinkStateDatabase;
import io.meshage.routing.Msa;
import io.meshage.routing.RouteTable;
import io.meshage.routing.Topology;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The single-threaded state machine of one node: links and handshakes, discovery, MSA flooding
 * and ageing, routes, and end-to-end acknowledged messaging. Every method that touches state runs
 * on the node's {@link EventLoop}; the public facade posts work to it and reads volatile snapshots.
 */
public final class NodeCore {
  private static final Logger LOG = LogManager.getLogger(NodeCore.class);
  private static final long MS = 1_000_000L;
  static final int SOLICIT_LIMIT = 16;
  static final int SOLICIT_RATIO = 8;
  static final int MAX_HOPS = 64;
  private static final long ROUTE_HOLD_NANOS = 10 * MS;

  // injected
  private final MeshConfig config;
  private final EventLoop loop;
  private final Transport transport;
  private final Random random;
  private final Executor handlers;
  private final BodyCodec bodies;
  private final MeshStats stats;
  private final String self;
  private final long instance;

  // state (event loop only)
  private final Map<String, Link> links = new TreeMap<>();
  private final Set<Link> handshaking = new HashSet<>();
  private final LinkStateDatabase lsdb;
  private final Map<String, String> metadata = new TreeMap<>();
  private RouteTable routes;
  private boolean routesDirty = true;
  private boolean routeRecomputeScheduled;
  private Map<String, Set<String>> lastMesh = Map.of();
  private int degree;
  private long msaPeriodNanos;
  private long lastMsaNanos = Long.MIN_VALUE / 2;
  private long lastPingNanos = Long.MIN_VALUE / 2;
  private boolean msaScheduled;
  private EventLoop.Cancellable periodicMsa;
  private long beaconDelayNanos;
  private EventLoop.Cancellable beaconTimer;
  private int pendingDials;
  private final Set<String> dialingNames = new HashSet<>();
  private final Map<String, Long> heard = new HashMap<>();
  /** Cache of {@link #foreignKnown()}: valid for one route table and one set of heard names. */
  private boolean foreignKnown;
  private boolean foreignKnownValid;
  private RouteTable foreignKnownRoutes;
  private final FormationPolicy formation;
  private boolean mergeScheduled;
  /** Neighbours linked by a user's dial (either end): an edge swap never drops them. */
  private final Set<String> manualPeers = new HashSet<>();
  private final java.util.concurrent.atomic.AtomicLong nextId = new java.util.concurrent.atomic.AtomicLong(1);
  /** Routes and neighbour connections as last published by the loop, for sends from any thread. */
  private volatile RouteTable publishedRoutes;
  private final Map<String, Transport.Connection> linkView = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<Long, Pending> pending = new HashMap<>();
  private final java.util.ArrayDeque<Pending> fifoDeadlines = new java.util.ArrayDeque<>();
  private final PriorityQueue<Pending> deadlines =
      new PriorityQueue<>((a, b) -> Long.compare(a.deadline, b.deadline));
  private EventLoop.Cancellable sweeper;
  private final Map<String, SeenWindow> seen = new HashMap<>();
  private final Map<AckKey, AckBatch> ackBatches = new LinkedHashMap<>();
  private final List<Runnable> completions = new ArrayList<>();
  private boolean completionFlushScheduled;
  private boolean ackFlushScheduled;
  private Transport.Discovery discovery;
  private InetSocketAddress listenAddress;
  private volatile boolean closed;

  // shared with other threads
  private volatile Snapshot snapshot;
  private final Map<String, Msa> msaView = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<Byte, java.util.function.Predicate<Message>> readerHandlers =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<Byte, Consumer<Message>> loopHandlers = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<Byte, List<Consumer<Message>>> channelHandlers =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final List<Consumer<Message>> snoopers = new CopyOnWriteArrayList<>();
  private final List<Consumer<Map<String, Set<String>>>> topologyListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Msa>> msaListeners = new CopyOnWriteArrayList<>();

  /** An immutable view for readers outside the loop. */
  public record Snapshot(
      Set<String> neighbors,
      Map<String, Set<String>> mesh,
      Set<String> reachable,
      int degree,
      long msaPeriodNanos) {}

  private record AckKey(String origin, long originInstance, String node, byte status) {}

  /** ACK ids collected for one origin during one batch of events. */
  private static final class AckBatch {
    final String origin;
    final long originInstance;
    final String node;
    final byte status;
    long[] ids = new long[8];
    int count;

    AckBatch(String origin, long originInstance, String node, byte status) {
      this.origin = origin;
      this.originInstance = originInstance;
      this.node = node;
      this.status = status;
    }

    void add(long id) {
      if (count == ids.length) {
        ids = java.util.Arrays.copyOf(ids, count * 2);
      }
      ids[count++] = id;
    }
  }

  private static final class Pending {
    final long id;
    final long deadline;
    final Collection<String> waiting;
    final List<String> delivered;
    Map<String, Failure> failed = Map.of();
    final CompletableFuture<Delivery> future;
    boolean done;

    Pending(long id, long deadline, Collection<String> recipients, CompletableFuture<Delivery> f) {
      this.id = id;
      this.deadline = deadline;
      this.waiting = recipients.size() <= 8 ? new ArrayList<>(recipients) : new HashSet<>(recipients);
      this.delivered = new ArrayList<>(recipients.size());
      this.future = f;
    }

    void failed(String node, Failure why) {
      if (failed.isEmpty()) {
        failed = new HashMap<>();
      }
      failed.put(node, why);
    }
  }

  public NodeCore(
      MeshConfig config,
      EventLoop loop,
      Transport transport,
      Random random,
      Executor handlers,
      BodyCodec bodies,
      MeshStats stats,
      long instance) {
    this.config = config;
    this.stats = stats;
    this.loop = loop;
    this.transport = transport;
    this.random = random;
    this.handlers = handlers;
    this.bodies = bodies;
    this.self = config.name();
    this.instance = instance;
    this.degree = config.degree();
    this.msaPeriodNanos = config.msaPeriod().toNanos();
    this.lsdb = new LinkStateDatabase(self, instance);
    this.formation =
        new FormationPolicy(self, config.beaconPeriod().toNanos(), config.beaconMaxPeriod().toNanos());
    this.snapshot =
        new Snapshot(Set.of(), Map.of(self, Set.of()), Set.of(), degree, msaPeriodNanos);
  }

  // ---------------------------------------------------------------- lifecycle

  /** Binds the listener and discovery, then starts timers on the loop. Call from any thread. */
  public InetSocketAddress start() throws java.io.IOException {
    listenAddress =
        transport.listen(config.bindAddress(), config.port(), c -> loop.execute(() -> accepted(c)));
    if (config.discoveryPort() != 0) {
      discovery =
          transport.openDiscovery(
              config.discoveryPort(),
              config.broadcastAddress(),
              (b, from) -> loop.execute(() -> beaconReceived(b, from)));
    }
    loop.execute(this::started);
    return listenAddress;
  }

  private void started() {
    LOG.info("[{}] started, instance {}, listening on {}", self, instance, listenAddress);
    originateMsa();
    schedulePeriodicMsa();
    scheduleKeepalive();
    resetBeaconBackoff();
  }

  /** Sends BYE to every neighbour and releases everything; runs on the loop. */
  public void shutdown() {
    if (closed) {
      return;
    }
    closed = true;
    for (Link l : new ArrayList<>(links.values())) {
      l.connection.sendControl(new Frame.Bye("node " + self + " closing"));
      l.connection.close("node closing");
    }
    for (Link l : new ArrayList<>(handshaking)) {
      l.connection.close("node closing");
    }
    links.clear();
    handshaking.clear();
    if (discovery != null) {
      discovery.close();
    }
    for (Pending p : new ArrayList<>(pending.values())) {
      for (String r : new ArrayList<>(p.waiting)) {
        fail(p, r, Failure.TIMEOUT);
      }
    }
    transport.close();
  }

  public boolean isClosed() {
    return closed;
  }

  // ---------------------------------------------------------------- accessors for the facade

  public String name() {
    return self;
  }

  public long instance() {
    return instance;
  }

  public MeshConfig config() {
    return config;
  }

  public EventLoop loop() {
    return loop;
  }

  public MeshStats stats() {
    return stats;
  }

  public BodyCodec bodies() {
    return bodies;
  }

  public InetSocketAddress listenAddress() {
    return listenAddress;
  }

  public Snapshot snapshot() {
    return snapshot;
  }

  /** Every MSA held now, by origin (live view, safe to read from any thread). */
  public Map<String, Msa> msas() {
    return java.util.Collections.unmodifiableMap(msaView);
  }

  public void addMessageHandler(Consumer<Message> h) {
    addMessageHandler(Frame.USER, h);
  }

  public void removeMessageHandler(Consumer<Message> h) {
    removeMessageHandler(Frame.USER, h);
  }

  /**
   * Adds a handler that runs on the event loop itself, before the ordinary handlers are handed
   * over: only for the project's own layers, whose code is short and never blocks (it must not
   * call blocking node methods).
   */
  public void addLoopHandler(byte channel, Consumer<Message> h) {
    loopHandlers.put(channel, h);
  }

  /**
   * Adds a handler offered unreliable messages addressed to this node alone, on the transport's
   * reader thread, before the event loop sees them; it returns true when it consumed the message
   * (then nothing else sees it). Only for the project's own layers, for answers that complete a
   * waiting call: such code must be short, thread-safe and indifferent to duplicates.
   */
  public void addReaderHandler(byte channel, java.util.function.Predicate<Message> h) {
    readerHandlers.put(channel, h);
  }

  /** The reader-thread fast path; see {@link #addReaderHandler}. */
  private boolean answeredByReader(Link l, Frame frame) {
    if (!(frame instanceof Frame.Data d) || d.kind() != Frame.USET || closed || !l.established
        || !snoopers.isEmpty() || d.bodyType() != BodyCodec.RAW || d.recipients().size() != 1
        || !d.recipients().get(0).equals(self)) {
      return false;
    }
    java.util.function.Predicate<Message> h = readerHandlers.get(d.channel());
    if (h == null) {
      return false;
    }
    l.lastHeardNanos = loop.nanoTime();
    Message m =
        new InboundMessage(d.origin(), d.recipients(), d.id(), false, d.body(), append(d.path(), self));
    boolean consumed;
    try {
      consumed = h.test(m);
    } catch (RuntimeException e) {
      LOG.error("[{}] reader handler of channel {} failed", self, d.channel(), e);
      return false;
    }
    if (consumed) {
      stats.increment(Counter.FRAMES_IN);
      stats.increment(Counter.DATA_DELIVERED);
    }
    return consumed;
  }

  /** Adds a handler of messages on {@code channel} (layers on top use their own channel). */
  public void addMessageHandler(byte channel, Consumer<Message> h) {
    channelHandlers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(h);
  }

  public void removeMessageHandler(byte channel, Consumer<Message> h) {
    handlersOf(channel).remove(h);
  }

  private List<Consumer<Message>> handlersOf(byte channel) {
    return channelHandlers.getOrDefault(channel, List.of());
  }

  public void addSnooper(Consumer<Message> h) {
    snoopers.add(h);
  }

  public void removeSnooper(Consumer<Message> h) {
    snoopers.remove(h);
  }

  public void addTopologyListener(Consumer<Map<String, Set<String>>> l) {
    topologyListeners.add(l);
  }

  public void removeTopologyListener(Consumer<Map<String, Set<String>>> l) {
    topologyListeners.remove(l);
  }

  /** Listens to every MSA accepted as new (on the loop thread: keep it short). */
  public void addMsaListener(Consumer<Msa> l) {
    msaListeners.add(l);
  }

  // ---------------------------------------------------------------- settings (loop)

  public void setDegree(int d) {
    if (d < 0) {
      throw new IllegalArgumentException("degree must be >= 0, got " + d);
    }
    degree = d;
    resetBeaconBackoff();
    publishSnapshot();
  }

  public void setMsaPeriod(long nanos) {
    msaPeriodNanos = nanos;
    schedulePeriodicMsa();
    publishSnapshot();
  }

  /** Sets (or with null removes) one metadata entry and announces it at once. */
  public void setMetadata(String key, String value) {
    boolean changed = value == null ? metadata.remove(key) != null : !value.equals(metadata.put(key, value));
    if (changed) {
      triggerMsa();
    }
  }

  public Map<String, String> metadata() {
    return Map.copyOf(metadata);
  }

  // ---------------------------------------------------------------- links and handshake

  /** Dials {@code address}; {@code done} completes when the link is established or refused. */
  public void dial(InetSocketAddress address, boolean manual, String expectedName, CompletableFuture<String> done) {
    stats.increment(Counter.DIALS);
    pendingDials++;
    if (expectedName != null) {
      dialingNames.add(expectedName);
    }
    transport.connect(
        address,
        (conn, err) ->
            loop.execute(
                () -> {
                  if (err != null || closed) {
                    pendingDials--;
                    if (expectedName != null) {
                      dialingNames.remove(expectedName);
                    }
                    if (conn != null) {
                      conn.close("node closed");
                    }
                    done.completeExceptionally(
                        err != null
                            ? new MeshException("cannot dial " + address + ": " + err.getMessage(), err)
                            : new MeshException("node closed"));
                    return;
                  }
                  Link l = new Link(conn, true, manual, expectedName);
                  l.dialDone = done;
                  openHandshake(l);
                  conn.sendControl(hello(manual));
                }));
  }

  private void accepted(Transport.Connection conn) {
    if (closed) {
      conn.close("node closed");
      return;
    }
    openHandshake(new Link(conn, false, false, null));
  }

  private void openHandshake(Link l) {
    handshaking.add(l);
    l.lastHeardNanos = loop.nanoTime();
    l.handshakeTimer =
        loop.schedule(
            () -> {
              if (!l.established && !l.closed) {
                refuse(l, "handshake timed out after " + config.handshakeTimeout().toMillis() + " ms");
              }
            },
            config.handshakeTimeout().toNanos());
    l.connection.start(
        new Transport.Handler() {
          @Override
          public boolean consumedByReader(Frame frame) {
            return answeredByReader(l, frame);
          }

          @Override
          public void onFrames(List<Frame> frames) {
            onLoop(() -> framesArrived(l, frames));
          }

          @Override
          public void onClosed(String reason) {
            onLoop(() -> linkClosed(l, reason));
          }
        });
  }

  /** Runs {@code task} now when already on the loop (the simulator), else queues it. */
  private void onLoop(Runnable task) {
    if (loop.inLoop()) {
      task.run();
    } else {
      loop.execute(task);
    }
  }

  private Frame.Hello hello(boolean manual) {
    String host = listenAddress.getAddress().isAnyLocalAddress() ? "" : listenAddress.getAddress().getHostAddress();
    return new Frame.Hello(
        Frame.VERSION, config.namespace(), self, instance, host, listenAddress.getPort(), manual);
  }

  private void helloArrived(Link l, Frame.Hello h) {
    if (l.established) {
      closeWithReason(l, "second HELLO from " + h.name());
      return;
    }
    boolean manual = l.outgoing ? l.manual : h.manual();
    String refusal = checkHello(l, h, manual);
    if (refusal != null) {
      refuse(l, refusal);
      return;
    }
    l.peer = h.name();
    l.peerInstance = h.instance();
    Link existing = links.get(h.name());
    if (existing != null) {
      if (!resolveDuplicate(l, existing, h)) {
        return;
      }
    }
    if (!l.outgoing) {
      l.connection.sendControl(hello(h.manual()));
    }
    establish(l, existing);
    if (manual) {
      manualPeers.add(l.peer);
    } else {
      manualPeers.remove(l.peer);
    }
    if (!manual && existing == null && links.size() > degree) {
      shedForSwap(l.peer);
    }
  }

  /** Whether a full node may take an automatic link to {@code peer}: an edge swap into another part. */
  private boolean maySwapFor(String peer) {
    return degree > 0 && links.size() == degree && !routes().isReachable(peer)
        && formation.maySwap(lastMesh, autoLinks(), loop.nanoTime());
  }

  /** The neighbours linked by discovery, not by a user's dial. */
  private Set<String> autoLinks() {
    if (manualPeers.isEmpty()) {
      return links.keySet();
    }
    Set<String> s = new TreeSet<>(links.keySet());
    s.removeAll(manualPeers);
    return s;
  }

  /** Completes an edge swap: drops a link on a cycle of the old part (or, if none, the new link). */
  private void shedForSwap(String joined) {
    String shed = formation.linkToShed(lastMesh, autoLinks(), joined);
    if (shed == null) {
      LOG.info("[{}] no link to shed for {}: dropping it again", self, joined);
      hangup(joined);
      return;
    }
    formation.swapped(joined, loop.nanoTime());
    stats.increment(Counter.LINK_SWAPS);
    LOG.info("[{}] joined {} outside this part: dropping {} (on a cycle) to keep degree {}", self, joined, shed, degree);
    hangup(shed);
  }

  /** Returns why the HELLO must be refused, or null. */
  private String checkHello(Link l, Frame.Hello h, boolean manual) {
    if (h.version() != Frame.VERSION) {
      return "protocol version " + h.version() + " not supported (this node speaks " + Frame.VERSION + ")";
    }
    if (h.name().equals(self)) {
      return h.instance() == instance ? "connection to self" : "duplicate name " + self;
    }
    if (!manual && !h.namespace().equals(config.namespace())) {
      return "namespace " + h.namespace() + " is not " + config.namespace();
    }
    if (l.expectedName != null && !l.expectedName.equals(h.name())) {
      return "expected " + l.expectedName + " but " + h.name() + " answered";
    }
    if (!manual && links.get(h.name()) == null) {
      if (links.size() >= degree && !maySwapFor(h.name())) {
        return "degree " + degree + " reached";
      }
      if (degree - links.size() == 1 && routes().isReachable(h.name()) && foreignKnown()) {
        return "last free slot kept for a node outside this part of the mesh";
      }
    }
    return null;
  }

  /** Two links to one peer: keep exactly one. Returns whether the new link {@code l} stays. */
  private boolean resolveDuplicate(Link l, Link existing, Frame.Hello h) {
    if (h.instance() != existing.peerInstance) {
      if (h.instance() > existing.peerInstance) {
        LOG.info("[{}] {} restarted (instance {}), dropping its old link", self, h.name(), h.instance());
        closeWithReason(existing, "peer restarted");
        return true;
      }
      refuse(l, "duplicate name " + h.name() + " (an older instance)");
      return false;
    }
    String winnerDialer = self.compareTo(h.name()) < 0 ? self : h.name();
    if (existing.dialer(self).equals(winnerDialer) || !l.dialer(self).equals(winnerDialer)) {
      refuse(l, "duplicate link to " + h.name());
      return false;
    }
    existing.replaced = true;
    existing.connection.sendControl(new Frame.Bye("replaced by a simultaneous dial"));
    existing.connection.close("replaced by a simultaneous dial");
    return true;
  }

  private void establish(Link l, Link replaced) {
    handshaking.remove(l);
    handshakeEnded(l);
    l.established = true;
    l.lastHeardNanos = loop.nanoTime();
    links.put(l.peer, l);
    linkView.put(l.peer, l.connection);
    if (replaced == null || replaced.peerInstance != l.peerInstance) {
      stats.increment(Counter.LINKS_OPENED);
      LOG.info("[{}] link up: {} ({})", self, l.peer, l.connection.remote());
      triggerMsa();
    }
    sendSummary(l);
    publishSnapshot();
    if (l.dialDone != null) {
      l.dialDone.complete(l.peer);
    }
  }

  /** A handshake is over (either way): its timer and, for a dial, the pending count go. */
  private void handshakeEnded(Link l) {
    if (l.handshakeTimer != null) {
      l.handshakeTimer.cancel();
    }
    if (l.outgoing) {
      pendingDials--;
      if (l.expectedName != null) {
        dialingNames.remove(l.expectedName);
      }
    }
  }

  private void refuse(Link l, String reason) {
    stats.increment(Counter.HANDSHAKE_REFUSED);
    LOG.info("[{}] refused {}: {}", self, l, reason);
    l.connection.sendControl(new Frame.Bye(reason));
    closeWithReason(l, reason);
  }

  private void closeWithReason(Link l, String reason) {
    l.connection.close(reason);
    linkClosed(l, reason);
  }

  private void linkClosed(Link l, String reason) {
    if (l.closed) {
      return;
    }
    l.closed = true;
    if (handshaking.remove(l)) {
      handshakeEnded(l);
      if (l.dialDone != null) {
        l.dialDone.completeExceptionally(new MeshException("dial refused: " + reason));
      }
      return;
    }
    if (!l.established || links.get(l.peer) != l) {
      return;
    }
    links.remove(l.peer);
    linkView.remove(l.peer, l.connection);
    manualPeers.remove(l.peer);
    if (l.replaced) {
      return;
    }
    stats.increment(Counter.LINKS_CLOSED);
    LOG.info("[{}] link down: {} ({})", self, l.peer, reason);
    publishSnapshot();
    triggerMsa();
    resetBeaconBackoff();
  }

  /** Drops the link to {@code peer}; false when there is none. */
  public boolean hangup(String peer) {
    Link l = links.get(peer);
    if (l == null) {
      return false;
    }
    l.connection.sendControl(new Frame.Bye("hangup by " + self));
    closeWithReason(l, "hangup");
    return true;
  }

  // ---------------------------------------------------------------- frames

  private void framesArrived(Link l, List<Frame> frames) {
    if (l.closed || closed) {
      return;
    }
    l.lastHeardNanos = loop.nanoTime();
    stats.add(Counter.FRAMES_IN, frames.size());
    for (Frame f : frames) {
      if (l.closed) {
        return;
      }
      if (!l.established) {
        if (f instanceof Frame.Hello h) {
          helloArrived(l, h);
        } else if (f instanceof Frame.Bye b) {
          closeWithReason(l, "refused by peer: " + b.reason());
        } else {
          stats.increment(Counter.PROTOCOL_ERRORS);
          closeWithReason(l, "expected HELLO, got " + f.getClass().getSimpleName());
        }
        continue;
      }
      dispatch(l, f);
    }
  }

  private void dispatch(Link l, Frame f) {
    if (f instanceof Frame.Data d) {
      dataArrived(l, d);
    } else if (f instanceof Frame.Ack a) {
      ackArrived(a);
    } else if (f instanceof Frame.MsaFrame m) {
      msaArrived(l, m.msa());
    } else if (f instanceof Frame.Ping || f instanceof Frame.Pong) {
      // liveness already recorded: both ends ping, so no answer is needed
    } else if (f instanceof Frame.Summary s) {
      summaryArrived(l, s);
    } else if (f instanceof Frame.Bye b) {
      closeWithReason(l, "peer said bye: " + b.reason());
    } else {
      stats.increment(Counter.PROTOCOL_ERRORS);
      closeWithReason(l, "unexpected " + f.getClass().getSimpleName() + " after handshake");
    }
  }

  /** Called by transports when bytes on a link break the protocol. */
  public void protocolError() {
    stats.increment(Counter.PROTOCOL_ERRORS);
  }

  // ---------------------------------------------------------------- keepalive

  private void scheduleKeepalive() {
    loop.schedule(this::keepalive, config.keepaliveInterval().toNanos());
  }

  /**
   * Pings every neighbour that heard nothing else from us during the last keepalive interval,
   * and drops a link as soon as it has been silent for the keepalive timeout: the next check is
   * timed to the earliest such deadline.
   */
  private void keepalive() {
    if (closed) {
      return;
    }
    long now = loop.nanoTime();
    long timeout = config.keepaliveTimeout().toNanos();
    long interval = config.keepaliveInterval().toNanos();
    boolean ping = now - lastPingNanos >= interval - MS;
    if (ping) {
      lastPingNanos = now;
    }
    long next = lastPingNanos + interval;
    for (Link l : new ArrayList<>(links.values())) {
      if (now - l.lastHeardNanos >= timeout) {
        stats.increment(Counter.KEEPALIVE_TIMEOUTS);
        LOG.info("[{}] {} silent for {} ms", self, l.peer, (now - l.lastHeardNanos) / MS);
        closeWithReason(l, "keepalive timeout");
        continue;
      }
      if (ping) {
        long queued = l.connection.framesQueued();
        if (queued == l.framesAtLastTick) {
          l.connection.sendControl(new Frame.Ping(now));
          queued++;
        }
        l.framesAtLastTick = queued;
      }
      next = Math.min(next, l.lastHeardNanos + timeout);
    }
    loop.schedule(this::keepalive, Math.max(MS, next - now));
  }

  // ---------------------------------------------------------------- discovery

  private void resetBeaconBackoff() {
    beaconDelayNanos = config.beaconPeriod().toNanos();
    if (beaconTimer != null) {
      beaconTimer.cancel();
    }
    beaconTimer = loop.schedule(this::beacon, 0);
  }

  private void beacon() {
    beaconTimer = null;
    if (closed || discovery == null) {
      return;
    }
    int wanted = degree - links.size() - pendingDials;
    if (wanted <= 0) {
      // Full. The part's designated node announces it (wanted 0), often after its members
      // change and then backing off, so that two parts that both filled up hear of each other.
      long[] next = {config.beaconMaxPeriod().toNanos()};
      if (degree > 0 && formation.announceNow(lastMesh, loop.nanoTime(), random, next)) {
        sendBeacon(0);
      }
      beaconTimer = loop.schedule(this::beacon, Math.max(next[0], config.beaconPeriod().toNanos() / 2));
      return;
    }
    sendBeacon(wanted);
    long jitter = (long) (beaconDelayNanos * 0.2 * random.nextDouble());
    beaconTimer = loop.schedule(this::beacon, beaconDelayNanos + jitter);
    if (!foreignKnown()) {
      beaconDelayNanos = Math.min(beaconDelayNanos * 2, config.beaconMaxPeriod().toNanos());
    }
  }

  private void sendBeacon(int wanted) {
    String host = listenAddress.getAddress().isAnyLocalAddress() ? "" : listenAddress.getAddress().getHostAddress();
    discovery.send(
        new Frame.Beacon(
            Frame.VERSION, config.namespace(), self, instance, host, listenAddress.getPort(), wanted,
            lsdb.size()));
    stats.increment(Counter.BEACONS_SENT);
  }

  private void beaconReceived(Frame.Beacon b, String fromHost) {
    stats.increment(Counter.BEACONS_RECEIVED);
    if (closed || b.version() != Frame.VERSION || b.name().equals(self)
        || !b.namespace().equals(config.namespace())) {
      return;
    }
    if (heard.put(b.name(), loop.nanoTime()) == null) {
      foreignKnownValid = false;
    }
    if (links.containsKey(b.name()) || dialingNames.contains(b.name())) {
      return;
    }
    int spare = degree - links.size() - pendingDials;
    boolean foreign = !recentRoutes().isReachable(b.name());
    if (spare <= 0) {
      if (foreign && pendingDials == 0 && degree > 0) {
        fullHeardOutsider(b, fromHost);
      }
      return;
    }
    if (!foreign) {
      if (b.wanted() == 0 || (spare == 1 && foreignKnown())) {
        return;
      }
      // SOLICIT rule: past a mesh size of 16, only about one in 8 answers a beacon of its part.
      if (lsdb.size() > SOLICIT_LIMIT && random.nextInt(SOLICIT_RATIO) != 0) {
        return;
      }
    }
    // An outsider: answered by every node with free degree, also when it announces a full part
    // (wanted 0): its designated node then swaps a link to take ours.
    dialBeacon(b, fromHost);
  }

  private void dialBeacon(Frame.Beacon b, String fromHost) {
    String host = b.listenHost().isEmpty() ? fromHost : b.listenHost();
    LOG.debug("[{}] answering beacon of {} at {}:{}", self, b.name(), host, b.listenPort());
    dial(new InetSocketAddress(host, b.listenPort()), false, b.name(), new CompletableFuture<>());
  }

  /**
   * A full node hears a node outside its part: the part's designated node dials it after a short
   * hold-off (nodes of the part with free degree answer first), and the edge swap in the handshake
   * keeps every degree. See {@link FormationPolicy}.
   */
  private void fullHeardOutsider(Frame.Beacon b, String fromHost) {
    switch (formation.onBeaconWhileFull(lastMesh, autoLinks(), b.name(), b.wanted(), loop.nanoTime())) {
      case MERGE -> {
        if (mergeScheduled) {
          return;
        }
        mergeScheduled = true;
        loop.schedule(() -> {
          mergeScheduled = false;
          if (!closed && degree - links.size() - pendingDials <= 0 && pendingDials == 0
              && !links.containsKey(b.name()) && !routes().isReachable(b.name())
              && formation.isDesignated(lastMesh) && maySwapFor(b.name())) {
            LOG.info("[{}] part is full: rewiring to join {}", self, b.name());
            dialBeacon(b, fromHost);
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

  /** Brings the next beacon forward to now (the beacon itself applies the rate limits). */
  private void rescheduleBeacon() {
    if (beaconTimer != null) {
      beaconTimer.cancel();
    }
    beaconTimer = loop.schedule(this::beacon, 0);
  }

  /**
   * Whether a node heard by discovery recently is not in our part of the mesh. While so, beacons
   * do not back off and every node keeps its last free degree slot for a node outside its part,
   * so that parts that formed apart keep a way to join (nodes never exceed their degree by
   * auto-connection, so a part whose nodes are all full would otherwise stay an island; parts
   * that filled up before hearing of each other are joined by an edge swap, see {@link FormationPolicy}).
   */
  private boolean foreignKnown() {
    RouteTable r = recentRoutes();
    if (foreignKnownValid && foreignKnownRoutes == r) {
      return foreignKnown;
    }
    long now = loop.nanoTime();
    long keep = 4 * config.beaconMaxPeriod().toNanos();
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


  /** Counts a malformed datagram on the discovery port. */
  public void badBeacon() {
    stats.increment(Counter.BEACONS_BAD);
  }

  // ---------------------------------------------------------------- MSAs

  private void schedulePeriodicMsa() {
    if (periodicMsa != null) {
      periodicMsa.cancel();
    }
    periodicMsa = loop.schedule(this::periodic, msaPeriodNanos);
  }

  private void periodic() {
    if (closed) {
      return;
    }
    foreignKnownValid = false;
    originateMsa();
    List<String> expired = lsdb.expire(loop.millis(), 3 * msaPeriodNanos / MS);
    if (!expired.isEmpty()) {
      stats.add(Counter.MSA_EXPIRED, expired.size());
      expired.forEach(msaView::remove);
      LOG.info("[{}] aged out {}", self, expired);
      markRoutesDirty();
    }
    schedulePeriodicMsa();
  }

  /** Originates an MSA soon, at most one per {@code msaMinInterval}. */
  private void triggerMsa() {
    if (msaScheduled || closed) {
      return;
    }
    msaScheduled = true;
    long wait = Math.max(0, lastMsaNanos + config.msaMinInterval().toNanos() - loop.nanoTime());
    loop.schedule(
        () -> {
          msaScheduled = false;
          if (!closed) {
            originateMsa();
          }
        },
        wait);
  }

  private void originateMsa() {
    lastMsaNanos = loop.nanoTime();
    Msa before = lsdb.get(self).orElse(null);
    Msa msa = lsdb.originate(new TreeSet<>(links.keySet()), metadata, loop.millis());
    msaView.put(self, msa);
    stats.increment(Counter.MSA_ORIGINATED);
    Frame f = new Frame.MsaFrame(msa);
    for (Link l : links.values()) {
      sendMsa(l, f);
    }
    if (before == null || !before.neighbors().equals(msa.neighbors())) {
      markRoutesDirty();
    }
  }

  private void sendMsa(Link l, Frame f) {
    stats.increment(Counter.MSA_SENT);
    l.connection.sendControl(f);
  }

  private void msaArrived(Link from, Msa msa) {
    stats.increment(Counter.MSA_RECEIVED);
    Msa before = lsdb.get(msa.origin()).orElse(null);
    LinkStateDatabase.Offer offer = lsdb.offer(msa, loop.millis());
    switch (offer.verdict()) {
      case NEW -> {
        msaView.put(msa.origin(), msa);
        Frame f = new Frame.MsaFrame(msa);
        if (isRefresh(before, msa)) {
          for (String child : routes().broadcastChildren(msa.origin())) {
            Link l = links.get(child);
            if (l != null && l != from) {
              stats.increment(Counter.MSA_FORWARDED);
              sendMsa(l, f);
            }
          }
        } else {
          for (Link l : links.values()) {
            if (l != from) {
              stats.increment(Counter.MSA_FORWARDED);
              sendMsa(l, f);
            }
          }
        }
        for (Consumer<Msa> listener : msaListeners) {
          listener.accept(msa);
        }
        if (before == null || !before.neighbors().equals(msa.neighbors())) {
          markRoutesDirty();
        }
      }
      case DUPLICATE -> stats.increment(Counter.MSA_DROPPED);
      case STALE -> {
        stats.increment(Counter.MSA_STALE_REPLIES);
        if (offer.held() != null) {
          sendMsa(from, new Frame.MsaFrame(offer.held()));
        }
      }
      case SELF_JUMP -> {
        LOG.info("[{}] saw an own MSA newer than ours, jumping the sequence", self);
        originateMsa();
      }
    }
  }

  /**
   * A refresh repeats what we hold (same instance, neighbours and metadata): it travels down the
   * origin's shortest-path tree (N-1 transmissions) instead of being flooded (about 2E). Changes
   * are always flooded; a refresh lost to a transient disagreement is repaired by the next one.
   */
  private boolean isRefresh(Msa before, Msa msa) {
    return before != null
        && before.instance() == msa.instance()
        && before.neighbors().equals(msa.neighbors())
        && before.metadata().equals(msa.metadata())
        && !routesDirty
        && routes != null
        && routes.isReachable(msa.origin());
  }

  private void sendSummary(Link l) {
    List<Frame.SummaryEntry> entries = new ArrayList<>();
    for (Msa m : lsdb.all()) {
      entries.add(new Frame.SummaryEntry(m.origin(), m.instance(), m.sequence()));
    }
    stats.increment(Counter.SUMMARIES_SENT);
    l.connection.sendControl(new Frame.Summary(entries));
  }

  private void summaryArrived(Link l, Frame.Summary s) {
    Map<String, Frame.SummaryEntry> theirs = new HashMap<>();
    for (Frame.SummaryEntry e : s.entries()) {
      theirs.put(e.origin(), e);
    }
    for (Msa m : lsdb.all()) {
      Frame.SummaryEntry e = theirs.get(m.origin());
      if (e == null || newer(m, e)) {
        sendMsa(l, new Frame.MsaFrame(m));
      }
    }
  }

  private static boolean newer(Msa m, Frame.SummaryEntry e) {
    if (m.instance() != e.instance()) {
      return m.instance() > e.instance();
    }
    return io.meshage.routing.Lollipop.compare(m.sequence(), e.sequence())
        == io.meshage.routing.Lollipop.Order.NEWER;
  }

  // ---------------------------------------------------------------- routes and snapshots

  private void markRoutesDirty() {
    routesDirty = true;
    if (!routeRecomputeScheduled) {
      routeRecomputeScheduled = true;
      loop.schedule(
          () -> {
            routeRecomputeScheduled = false;
            routes();
          },
          routeHoldNanos());
    }
  }

  /**
   * How long database changes are gathered before routes and the published view are recomputed:
   * 10 ms, plus 10 ms per 200 known nodes up to 100 ms, since one recomputation costs O(N) and
   * a forming mesh of N nodes floods about N changes per second to everyone. Sends never wait
   * for it: they recompute at once when the database changed.
   */
  private long routeHoldNanos() {
    return Math.min(10, 1 + lsdb.size() / 200) * ROUTE_HOLD_NANOS;
  }

  /**
   * The route table as last computed, possibly a few milliseconds old: good enough for discovery
   * decisions, and cheap (every node hears every beacon; recomputing for each would cost O(N)).
   */
  private RouteTable recentRoutes() {
    return routes != null ? routes : routes();
  }

  /** The current route table, recomputed first when the database changed. */
  RouteTable routes() {
    if (routesDirty || routes == null) {
      routesDirty = false;
      Set<String> before = routes == null ? Set.of() : routes.reachable();
      Topology topology = lsdb.topology();
      routes = RouteTable.compute(topology, self);
      publishedRoutes = routes;
      Set<String> after = routes.reachable();
      if (!before.equals(after)) {
        stats.increment(Counter.ROUTE_CHANGES);
        Set<String> lost = new HashSet<>(before);
        lost.removeAll(after);
        if (!lost.isEmpty()) {
          failUnreachable(lost);
        }
      }
      Topology component = topology.componentOf(self);
      Map<String, Set<String>> mesh = component.adjacency();
      boolean changed = !mesh.equals(lastMesh);
      lastMesh = mesh;
      if (formation.viewChanged(mesh) && degree > 0 && links.size() + pendingDials >= degree
          && discovery != null) {
        rescheduleBeacon();
      }
      publishSnapshot(mesh);
      if (changed) {
        Map<String, Set<String>> view = mesh;
        for (Consumer<Map<String, Set<String>>> l : topologyListeners) {
          handlers.execute(() -> l.accept(view));
        }
      }
    }
    return routes;
  }

  private void publishSnapshot() {
    publishSnapshot(lsdb.topology().componentOf(self).adjacency());
  }

  private void publishSnapshot(Map<String, Set<String>> mesh) {
    RouteTable r = routes;
    snapshot =
        new Snapshot(
            Set.copyOf(links.keySet()),
            mesh,
            r == null ? Set.of() : Set.copyOf(r.reachable()),
            degree,
            msaPeriodNanos);
  }

  /** The graphviz text of the current topology (computed on the caller's thread). */
  public static String dot(Snapshot s, String self) {
    return Dot.export(Topology.of(s.mesh()), self);
  }

  // ---------------------------------------------------------------- sending

  /**
   * Sends a SET or BROADCAST from this node; runs on the loop. {@code recipients} is ignored for
   * a broadcast (every reachable node at this moment is expected to ACK).
   */
  public void send(
      byte kind, List<String> recipients, BodyCodec.Encoded body, long timeoutNanos,
      CompletableFuture<Delivery> future) {
    send(kind, Frame.USER, recipients, body, timeoutNanos, future);
  }

  /** Sends on {@code channel}; see {@link #send(byte, List, BodyCodec.Encoded, long, CompletableFuture)}. */
  public void send(
      byte kind, byte channel, List<String> recipients, BodyCodec.Encoded body, long timeoutNanos,
      CompletableFuture<Delivery> future) {
    if (closed) {
      future.completeExceptionally(new MeshException("node " + self + " is closed"));
      return;
    }
    RouteTable r = routes();
    long id = nextId.getAndIncrement();
    List<String> targets =
        kind == Frame.BROADCAST ? new ArrayList<>(new TreeSet<>(r.reachable())) : recipients;
    Pending p = new Pending(id, loop.nanoTime() + timeoutNanos, targets, future);
    pending.put(id, p);
    if (timeoutNanos == config.ackTimeout().toNanos()) {
      fifoDeadlines.add(p);
    } else {
      deadlines.add(p);
    }
    ensureSweeper();
    stats.increment(Counter.DATA_SENT);
    List<String> path = List.of(self);
    if (kind == Frame.BROADCAST) {
      for (String child : r.broadcastChildren(self)) {
        forward(
            new Frame.Data(kind, channel, self, instance, id, path, List.of(), body.type(), body.bytes()),
            child,
            p);
      }
    } else {
      RouteTable.Split split = r.split(recipients);
      for (String u : split.unreachable()) {
        fail(p, u, Failure.UNREACHABLE);
      }
      for (Map.Entry<String, List<String>> e : split.byNextHop().entrySet()) {
        forward(
            new Frame.Data(
                kind, channel, self, instance, id, path, e.getValue(), body.type(), body.bytes()),
            e.getKey(),
            p);
      }
    }
    maybeComplete(p);
  }

  /**
   * Sends without ACKs or retries (best effort); returns how many recipients had a route. Runs
   * on the loop.
   */
  public int sendUnreliable(byte channel, List<String> recipients, BodyCodec.Encoded body) {
    if (closed) {
      return 0;
    }
    RouteTable.Split split = routes().split(recipients);
    long id = nextId.getAndIncrement();
    stats.increment(Counter.DATA_SENT);
    int routed = 0;
    for (Map.Entry<String, List<String>> e : split.byNextHop().entrySet()) {
      routed += e.getValue().size();
      forward(
          new Frame.Data(
              Frame.USET, channel, self, instance, id, List.of(self), e.getValue(), body.type(),
              body.bytes()),
          e.getKey(),
          null);
    }
    return routed;
  }

  /**
   * An unreliable send callable from any thread (handlers answering requests): it routes with
   * the routes last published by the loop and queues straight onto the neighbour's connection,
   * saving a hand-over to the loop. Returns how many recipients had a route.
   */
  public int sendUnreliableNow(byte channel, List<String> recipients, BodyCodec.Encoded body) {
    RouteTable r = publishedRoutes;
    if (closed || r == null) {
      return 0;
    }
    RouteTable.Split split = r.split(recipients);
    long id = nextId.getAndIncrement();
    stats.increment(Counter.DATA_SENT);
    int routed = 0;
    for (Map.Entry<String, List<String>> e : split.byNextHop().entrySet()) {
      Transport.Connection c = linkView.get(e.getKey());
      Frame.Data d =
          new Frame.Data(
              Frame.USET, channel, self, instance, id, List.of(self), e.getValue(), body.type(),
              body.bytes());
      boolean sent = c != null && (loop.inLoop() ? c.send(d) : c.sendFromCaller(d));
      if (sent) {
        routed += e.getValue().size();
      } else {
        stats.increment(Counter.DATA_DROPPED);
      }
    }
    return routed;
  }

  /** Sends {@code d} to neighbour {@code hop}; on a full queue the recipients fail (origin only). */
  private void forward(Frame.Data d, String hop, Pending origin) {
    Link l = links.get(hop);
    if (l != null && l.connection.send(d)) {
      return;
    }
    stats.increment(Counter.DATA_DROPPED);
    LOG.debug("[{}] queue to {} full or link gone, dropping message {} of {}", self, hop, d.id(), d.origin());
    if (origin != null && d.kind() == Frame.SET) {
      for (String r : d.recipients()) {
        fail(origin, r, l == null ? Failure.UNREACHABLE : Failure.TIMEOUT);
      }
    } else if (d.kind() == Frame.SET && l == null) {
      for (String r : d.recipients()) {
        queueAck(d.origin(), d.originInstance(), r, Frame.ACK_UNREACHABLE, d.id());
      }
    }
  }

  private void dataArrived(Link from, Frame.Data d) {
    if (d.path().size() >= MAX_HOPS) {
      stats.increment(Counter.DATA_DROPPED);
      LOG.warn("[{}] message {} of {} exceeded {} hops, dropped", self, d.id(), d.origin(), MAX_HOPS);
      return;
    }
    List<String> path = null;
    if (!snoopers.isEmpty()) {
      path = append(d.path(), self);
      snoop(d, path);
    }
    RouteTable r = routes();
    if (d.kind() == Frame.BROADCAST) {
      if (!firstTime(d)) {
        stats.increment(Counter.DATA_DUPLICATES);
        return;
      }
      deliverLocally(d);
      if (r.isReachable(d.origin())) {
        if (path == null) {
          path = append(d.path(), self);
        }
        for (String child : r.broadcastChildren(d.origin())) {
          if (!path.contains(child)) {
            stats.increment(Counter.DATA_FORWARDED);
            forward(withPath(d, path, List.of()), child, null);
          }
        }
      }
      return;
    }
    List<String> rest = new ArrayList<>(d.recipients().size());
    boolean mine = false;
    for (String rcpt : d.recipients()) {
      if (rcpt.equals(self)) {
        mine = true;
      } else {
        rest.add(rcpt);
      }
    }
    if (mine) {
      if (firstTime(d)) {
        deliverLocally(d);
      } else {
        stats.increment(Counter.DATA_DUPLICATES);
      }
    }
    if (rest.isEmpty()) {
      return;
    }
    RouteTable.Split split = r.split(rest);
    if (d.kind() == Frame.SET) {
      for (String u : split.unreachable()) {
        queueAck(d.origin(), d.originInstance(), u, Frame.ACK_UNREACHABLE, d.id());
      }
    }
    if (path == null && !split.byNextHop().isEmpty()) {
      path = append(d.path(), self);
    }
    for (Map.Entry<String, List<String>> e : split.byNextHop().entrySet()) {
      stats.increment(Counter.DATA_FORWARDED);
      forward(withPath(d, path, e.getValue()), e.getKey(), null);
    }
  }

  private static Frame.Data withPath(Frame.Data d, List<String> path, List<String> recipients) {
    return new Frame.Data(
        d.kind(), d.channel(), d.origin(), d.originInstance(), d.id(), path, recipients, d.bodyType(), d.body());
  }

  private static List<String> append(List<String> list, String s) {
    List<String> out = new ArrayList<>(list.size() + 1);
    out.addAll(list);
    out.add(s);
    return List.copyOf(out);
  }

  private boolean firstTime(Frame.Data d) {
    SeenWindow w = seen.get(d.origin());
    if (w == null || w.instance != d.originInstance()) {
      if (w != null && d.originInstance() < w.instance) {
        return false;
      }
      w = new SeenWindow(d.originInstance());
      seen.put(d.origin(), w);
    }
    return w.firstTime(d.id());
  }

  private void deliverLocally(Frame.Data d) {
    Object body;
    try {
      body = bodies.decode(d.bodyType(), d.body());
    } catch (IllegalArgumentException e) {
      stats.increment(Counter.DATA_DROPPED);
      LOG.warn("[{}] message {} from {} refused: {}", self, d.id(), d.origin(), e.getMessage());
      if (d.kind() != Frame.USET) {
        queueAck(d.origin(), d.originInstance(), self, ACK_REJECTED, d.id());
      }
      return;
    }
    stats.increment(Counter.DATA_DELIVERED);
    if (d.kind() != Frame.USET) {
      queueAck(d.origin(), d.originInstance(), self, Frame.ACK_DELIVERED, d.id());
    }
    List<Consumer<Message>> messageHandlers = handlersOf(d.channel());
    Consumer<Message> onLoop = loopHandlers.get(d.channel());
    if (messageHandlers.isEmpty() && onLoop == null) {
      return;
    }
    Message m =
        new InboundMessage(
            d.origin(), d.recipients(), d.id(), d.kind() == Frame.BROADCAST, body, append(d.path(), self));
    if (onLoop != null) {
      try {
        onLoop.accept(m);
      } catch (RuntimeException e) {
        stats.increment(Counter.HANDLER_ERRORS);
        LOG.error("[{}] internal handler of channel {} failed", self, d.channel(), e);
      }
    }
    if (messageHandlers.isEmpty()) {
      return;
    }
    handlers.execute(
        () -> {
          for (Consumer<Message> h : messageHandlers) {
            try {
              h.accept(m);
            } catch (RuntimeException e) {
              stats.increment(Counter.HANDLER_ERRORS);
              LOG.error("[{}] message handler failed on message {} from {}", self, m.id(), m.source(), e);
            }
          }
        });
  }

  static final byte ACK_REJECTED = 2;

  private void snoop(Frame.Data d, List<String> path) {
    Object body;
    try {
      body = bodies.decode(d.bodyType(), d.body());
    } catch (IllegalArgumentException e) {
      body = d.body();
    }
    Message m =
        new InboundMessage(d.origin(), d.recipients(), d.id(), d.kind() == Frame.BROADCAST, body, path);
    handlers.execute(
        () -> {
          for (Consumer<Message> h : snoopers) {
            try {
              h.accept(m);
            } catch (RuntimeException e) {
              stats.increment(Counter.HANDLER_ERRORS);
              LOG.error("[{}] snoop handler failed", self, e);
            }
          }
        });
  }

  // ---------------------------------------------------------------- ACKs

  private void queueAck(String origin, long originInstance, String node, byte status, long id) {
    if (origin.equals(self)) {
      if (originInstance == instance) {
        ackReceived(node, status, id);
      }
      return;
    }
    AckKey key = new AckKey(origin, originInstance, node, status);
    AckBatch b = ackBatches.get(key);
    if (b == null) {
      b = new AckBatch(origin, originInstance, node, status);
      ackBatches.put(key, b);
    }
    b.add(id);
    if (!ackFlushScheduled) {
      ackFlushScheduled = true;
      loop.execute(this::flushAcks);
    }
  }

  private void flushAcks() {
    ackFlushScheduled = false;
    if (closed) {
      ackBatches.clear();
      return;
    }
    RouteTable r = routes();
    for (AckBatch b : ackBatches.values()) {
      long[] ids = java.util.Arrays.copyOf(b.ids, b.count);
      routeAck(r, new Frame.Ack(b.origin, b.originInstance, b.node, b.status, ids));
    }
    ackBatches.clear();
  }

  private void routeAck(RouteTable r, Frame.Ack a) {
    Link l = r.nextHop(a.origin()).map(links::get).orElse(null);
    if (l == null) {
      stats.increment(Counter.DATA_DROPPED);
      LOG.debug("[{}] no route to {} for {} ACKs", self, a.origin(), a.ids().length);
      return;
    }
    stats.increment(Counter.ACKS_SENT);
    l.connection.sendControl(a);
  }

  private void ackArrived(Frame.Ack a) {
    if (a.origin().equals(self)) {
      if (a.originInstance() != instance) {
        return;
      }
      stats.increment(Counter.ACKS_RECEIVED);
      for (long id : a.ids()) {
        ackReceived(a.node(), a.status(), id);
      }
      return;
    }
    routeAck(routes(), a);
  }

  private void ackReceived(String node, byte status, long id) {
    Pending p = pending.get(id);
    if (p == null || !p.waiting.contains(node)) {
      return;
    }
    if (status == Frame.ACK_DELIVERED) {
      p.waiting.remove(node);
      p.delivered.add(node);
      stats.increment(Counter.DELIVERED);
      maybeComplete(p);
    } else {
      fail(p, node, status == ACK_REJECTED ? Failure.REJECTED : Failure.UNREACHABLE);
    }
  }

  private void fail(Pending p, String node, Failure why) {
    if (!p.waiting.remove(node)) {
      return;
    }
    p.failed(node, why);
    stats.increment(why == Failure.TIMEOUT ? Counter.FAILED_TIMEOUT : Counter.FAILED_UNREACHABLE);
    maybeComplete(p);
  }

  private void maybeComplete(Pending p) {
    if (p.done || !p.waiting.isEmpty()) {
      return;
    }
    p.done = true;
    pending.remove(p.id);
    Delivery d = new Delivery(p.id, p.delivered, p.failed);
    if (p.future instanceof DirectFuture) {
      p.future.complete(d);
      return;
    }
    completions.add(() -> p.future.complete(d));
    if (!completionFlushScheduled) {
      completionFlushScheduled = true;
      loop.execute(this::flushCompletions);
    }
  }

  /** Completes the futures finished by the last batch of events, in one hand-off. */
  private void flushCompletions() {
    completionFlushScheduled = false;
    if (completions.isEmpty()) {
      return;
    }
    List<Runnable> batch = new ArrayList<>(completions);
    completions.clear();
    handlers.execute(
        () -> {
          for (Runnable r : batch) {
            r.run();
          }
        });
  }

  private void failUnreachable(Set<String> lost) {
    for (Pending p : new ArrayList<>(pending.values())) {
      for (String n : lost) {
        if (p.waiting.contains(n)) {
          fail(p, n, Failure.UNREACHABLE);
        }
      }
    }
  }

  private void ensureSweeper() {
    if (sweeper == null) {
      long period = Math.max(MS, Math.min(config.ackTimeout().toNanos() / 10, 100 * MS));
      sweeper = loop.schedule(this::sweep, period);
    }
  }

  private void sweep() {
    sweeper = null;
    long now = loop.nanoTime();
    expire(fifoDeadlines, now);
    expire(deadlines, now);
    if (!deadlines.isEmpty() || !fifoDeadlines.isEmpty()) {
      ensureSweeper();
    }
  }

  private void expire(java.util.Queue<Pending> queue, long now) {
    while (!queue.isEmpty()) {
      Pending p = queue.peek();
      if (p.done) {
        queue.poll();
        continue;
      }
      if (p.deadline > now) {
        return;
      }
      queue.poll();
      for (String r : new ArrayList<>(p.waiting)) {
        fail(p, r, Failure.TIMEOUT);
      }
    }
  }

  /** Messages awaiting ACKs now. */
  public int inFlight() {
    return pending.size();
  }
}
