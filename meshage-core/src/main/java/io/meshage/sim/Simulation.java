package io.meshage.sim;

import io.meshage.internal.node.NodeCore;
import io.meshage.internal.node.NodeRuntime;
import io.meshage.internal.codec.BodyCodec;
import io.meshage.routing.NameIds;
import io.meshage.internal.transport.Transport;
import io.meshage.internal.transport.fault.FaultyTransport;
import io.meshage.Counter;
import io.meshage.FaultInjector;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.internal.NodeStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * A deterministic discrete-event simulator: many nodes in one JVM on in-memory links with a
 * virtual clock. The node code is the same that runs on TCP; one event queue ordered by virtual
 * time with a seeded tie-break runs every node on the calling thread, so a seed replays a run
 * event for event (or, with {@link #partitions}, one queue per share of the nodes, run window by
 * window on several threads: see {@link Partition}; the calling thread owns everything between
 * windows). The network model (link delays, TCP-style loss with retransmission, partitions
 * of the network, cut links, a link layer that resends DATA frames) lives here; node-local faults (frames dropped for good, duplicated,
 * delayed by a distribution, blocked peers, frozen links) come from each node's
 * {@link FaultInjector}, the same decorator that works on TCP. Nodes crash, freeze and restart.
 */
public final class Simulation {
  private final long seed;
  /** Instance ids and node randoms at boot (between windows, on the simulation's thread). */
  final Random random;
  /** The nodes' shares of the simulation; one unless {@link #partitions} says more. */
  Partition[] parts;
  private Windows windows;
  /** With several partitions: the simulation's own time and events (each partition keeps its own). */
  private WindowClock clock;
  final Map<String, SimNode> nodes = new TreeMap<>();
  final Map<Integer, SimNode> byPort = new TreeMap<>();
  /** The truth of the last {@link MeshCheck} (caller's thread; rebuilt when any node's links change). */
  MeshCheck.Truth lastTruth;
  private int nextPort = 10_000;
  long defaultDelayNanos = 1_000_000L;
  double loss;
  double drop;
  boolean wire;
  long retransmitNanos = 10_000_000L;
  final Set<String> partitionSide = new HashSet<>();
  boolean partitioned;
  final Map<String, Long> linkDelays = new TreeMap<>();

  /** One simulated node: its config, its current incarnation and its transport. */
  final class SimNode {
    final MeshConfig config;
    final int port;
    /** The partition running this node's events, for all its incarnations. */
    final Partition part;
    MeshNode node;
    /** The core of {@link #node}, for the simulator's own parts (keys) and tests. */
    NodeCore core;
    SimTransport transport;
    FaultyTransport faults;
    NodeStats stats;
    boolean alive;
    boolean frozen;
    final List<Runnable> frozenBacklog = new ArrayList<>();

    SimNode(MeshConfig config, int port, Partition part) {
      this.config = config;
      this.port = port;
      this.part = part;
    }
  }

  public Simulation(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
    this.parts = new Partition[] {new Partition(0, 1, new SplittableRandom(seed ^ 0x5DEECE66DL), random, NameIds.shared())};
  }

  /**
   * Splits the nodes into {@code count} partitions (node i goes to partition i mod count), run
   * window by window on up to {@code threads} threads; before the first node. Each window is
   * shorter than the smallest link delay, so partitions do not depend on each other within it:
   * a seed and a partition count replay a run event for event whatever the number of threads,
   * but a different partition count gives a different (equally valid) run than one partition.
   * Every node acts on another only through links and discovery (an event of one node calling
   * another node's API directly fails), and links need delays of at least 2 ns.
   */
  public Simulation partitions(int count, int threads) {
    if (count < 1 || count > 64) {
      throw new IllegalArgumentException("partitions must be in [1, 64], got " + count);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    if (!nodes.isEmpty() || !parts[0].idleBefore(Long.MAX_VALUE) || clock != null) {
      throw new IllegalStateException("partitions must be set before the first node is added or scheduled");
    }
    if (count == 1) {
      return this;
    }
    parts = new Partition[count];
    for (int i = 0; i < count; i++) {
      parts[i] = new Partition(i, count, new SplittableRandom((seed ^ 0x5DEECE66DL) + 0x9E3779B97F4A7C15L * (i + 1)),
          new Random(seed * 1_000_003L + i), NameIds.shared());
    }
    windows = new Windows(parts, threads);
    clock = new WindowClock(parts, windows, () -> WindowClock.lookahead(defaultDelayNanos, linkDelays.values()));
    return this;
  }

  /** Tests: every window of several events runs on all threads, not only those after a busy one. */
  void parallelWindowsFrom(long events) {
    if (windows != null) {
      windows.parallelFrom(events);
    }
  }

  /**
   * With several partitions: how many windows ran on one thread and how many on all, their
   * events and wall time (a window after one of few events runs on the caller's thread alone).
   */
  String windowSummary() {
    return windows == null ? "1 partition" : windows.summary();
  }

  /** How many partitions the nodes are split into. */
  public int partitionCount() {
    return parts.length;
  }

  public long seed() {
    return seed;
  }

  /** Virtual time since the start, in nanoseconds. */
  public long nanoTime() {
    return clock == null ? parts[0].now : clock.now();
  }

  public Duration elapsed() {
    return Duration.ofNanos(nanoTime());
  }

  /** Events executed so far. */
  public long eventsRun() {
    long n = clock == null ? 0 : clock.ran();
    for (Partition p : parts) {
      n += p.eventsRun;
    }
    return n;
  }

  /** One-way delay of every link without its own (default 1 ms). */
  public Simulation defaultDelay(Duration d) {
    defaultDelayNanos = d.toNanos();
    return this;
  }

  /**
   * Probability (0 to 1) that a frame on a link is lost on the wire and retransmitted, as TCP
   * would: it arrives one retransmission timeout late and holds up the frames behind it.
   */
  public Simulation loss(double probability) {
    loss = checkProbability(probability, "loss");
    return this;
  }

  /**
   * Extra delay of a lost and retransmitted frame used by {@link #loss(double)}: default 10 ms,
   * a fast retransmit on a busy link. TCP's 200 ms minimum timeout applies to idle links; a
   * busy link at that value saturates once the loss rate times the frames per second exceeds 5.
   */
  public Simulation retransmitTimeout(Duration d) {
    retransmitNanos = d.toNanos();
    return this;
  }

  /**
   * Probability (0 to 1) that a frame is silently dropped for good (a faulty link layer, not
   * TCP): the mesh must then report TIMEOUT, never a false delivery.
   */
  public Simulation drop(double probability) {
    drop = checkProbability(probability, "drop");
    for (SimNode sn : nodes.values()) {
      if (sn.faults != null) {
        sn.faults.loss(drop);
      }
    }
    return this;
  }

  /**
   * Wire mode: every frame is encoded with the real frame codec when sent and decoded when it
   * arrives (malformed bytes close the link, as on TCP), and bytes are counted; slower, and it
   * exercises the codec on every simulated message.
   */
  public Simulation wire(boolean on) {
    wire = on;
    return this;
  }

  /**
   * The fault injector of node {@code name}'s current incarnation (a restart starts with no
   * faults, except the simulation-wide {@link #drop}).
   */
  public FaultInjector faults(String name) {
    SimNode sn = nodes.get(name);
    if (sn == null) {
      throw new IllegalArgumentException("no node " + name);
    }
    return sn.faults;
  }

  private final DuplicateFaults duplicates = new DuplicateFaults();

  /**
   * Probability (0 to 1) that a DATA frame sent from {@code from} to {@code to} arrives twice, the
   * copy one retransmission timeout later and ahead of the frames sent after it, as from a link
   * layer that resends a frame whose acknowledgement it lost. {@code "*"} stands for any node.
   * Receivers must handle it once.
   */
  public Simulation duplicate(String from, String to, double probability) {
    duplicates.set(from, to, checkProbability(probability, "duplicate"));
    return this;
  }

  /** {@link #duplicate(String, String, double)} on every link. */
  public Simulation duplicate(double probability) {
    return duplicate(DuplicateFaults.ANY, DuplicateFaults.ANY, probability);
  }

  /** How many duplicate DATA frames the simulator has injected so far. */
  public long duplicatesInjected() {
    long n = 0;
    for (Partition p : parts) {
      n += p.duplicated;
    }
    return n;
  }

  /** Whether this DATA frame gets a duplicate (see {@link DuplicateFaults#draw}). */
  boolean duplicates(Partition part, String from, String to) {
    return duplicates.draw(part, from, to);
  }

  private static double checkProbability(double p, String field) {
    if (p < 0 || p > 1) {
      throw new IllegalArgumentException(field + " must be in [0, 1], got " + p);
    }
    return p;
  }

  /** One-way delay between {@code a} and {@code b} (both directions). */
  public Simulation delay(String a, String b, Duration d) {
    linkDelays.put(pairKey(a, b), d.toNanos());
    return this;
  }

  static String pairKey(String a, String b) {
    return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
  }

  long delay(String a, String b) {
    // per frame: without per-link delays, skip building the pair key (a string per frame)
    if (linkDelays.isEmpty()) {
      return defaultDelayNanos;
    }
    return linkDelays.getOrDefault(pairKey(a, b), defaultDelayNanos);
  }

  /** Whether frames between {@code a} and {@code b} are blocked by the current partition. */
  boolean blocked(String a, String b) {
    return partitioned && partitionSide.contains(a) != partitionSide.contains(b);
  }

  /**
   * Creates and starts a node from {@code config} (its bind address, port and broadcast address
   * are ignored: the simulator assigns a virtual address; discovery works when discoveryPort is
   * not zero, among all nodes with the same discovery port).
   */
  public MeshNode addNode(MeshConfig config) {
    if (nodes.containsKey(config.name())) {
      throw new IllegalArgumentException("node " + config.name() + " already exists");
    }
    int index = nextPort - 10_000;
    SimNode sn = new SimNode(config, nextPort++, parts[index % parts.length]);
    nodes.put(config.name(), sn);
    byPort.put(sn.port, sn);
    boot(sn);
    return sn.node;
  }

  /**
   * Starts a second instance of {@code config.name()} (a cloned machine), kept under {@code key}
   * for {@link #kill} and {@link #node}; it is left out of {@link #trueTopology()} (so call it
   * only after killing the twin when comparing views with the truth).
   */
  public MeshNode addTwin(String key, MeshConfig config) {
    if (nodes.containsKey(key) || key.equals(config.name())) {
      throw new IllegalArgumentException("node " + key + " already exists");
    }
    int index = nextPort - 10_000;
    SimNode sn = new SimNode(config, nextPort++, parts[index % parts.length]);
    nodes.put(key, sn);
    byPort.put(sn.port, sn);
    boot(sn);
    return sn.node;
  }

  /** Adds a node at virtual time {@code at} (from now). */
  public void addNodeLater(MeshConfig config, Duration at) {
    scheduleGlobal(at.toNanos(), () -> addNode(config));
  }

  private void boot(SimNode sn) {
    sn.transport = new SimTransport(this, sn);
    SimLoop loop = new SimLoop(this, sn);
    NodeStats stats = NodeStats.forOneThread();
    long now = nanoTime();
    sn.faults = new FaultyTransport(sn.transport, loop, stats, seed * 31 + sn.config.name().hashCode() + now);
    if (drop > 0) {
      sn.faults.loss(drop);
    }
    long instance = ((1_000_000L + now / 1_000_000L) << 16) | random.nextInt(1 << 16);
    BodyCodec bodies =
        new BodyCodec(sn.config.maxBodyDepth(), sn.config.maxFrameSize() - 1024);
    NodeCore core =
        new NodeCore(
            sn.config, loop, sn.faults, new Random(random.nextLong()), loop::execute, bodies,
            stats, instance, sn.part.names);
    sn.alive = true;
    sn.frozen = false;
    try {
      core.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sn.stats = stats;
    sn.core = core;
    sn.node = new MeshNode(new NodeRuntime(core, sn.faults, loop::execute, () -> {}));
  }

  /** The core of the node called {@code name} (its current incarnation), for tests in the module. */
  NodeCore core(String name) {
    SimNode sn = nodes.get(name);
    if (sn == null) {
      throw new IllegalArgumentException("no node " + name);
    }
    return sn.core;
  }

  /** The node called {@code name}. */
  public MeshNode node(String name) {
    SimNode sn = nodes.get(name);
    if (sn == null) {
      throw new IllegalArgumentException("no node " + name);
    }
    return sn.node;
  }

  /** Names of the nodes currently running (not crashed). */
  public Set<String> liveNodes() {
    Set<String> s = new TreeSet<>();
    nodes.forEach((k, v) -> {
      if (v.alive) {
        s.add(k);
      }
    });
    return s;
  }

  public Collection<MeshNode> liveMeshNodes() {
    List<MeshNode> l = new ArrayList<>();
    nodes.values().forEach(v -> {
      if (v.alive) {
        l.add(v.node);
      }
    });
    return l;
  }

  /** Crashes {@code name}: its links drop (peers see the close after one link delay). */
  public void kill(String name) {
    SimNode sn = nodes.get(name);
    if (sn == null || !sn.alive) {
      return;
    }
    sn.alive = false;
    sn.transport.crash();
  }

  /** Freezes {@code name}: it stops processing and sending; peers notice by keepalive. */
  public void freeze(String name) {
    nodes.get(name).frozen = true;
  }

  /** Restarts {@code name} (crashing it first if needed) with a new instance id. */
  public MeshNode restart(String name) {
    SimNode sn = nodes.get(name);
    kill(name);
    boot(sn);
    return sn.node;
  }

  /** Closes the link between {@code a} and {@code b} (both see it drop). */
  public boolean cut(String a, String b) {
    SimNode sa = nodes.get(a);
    return sa != null && sa.alive && sa.transport.cut(b);
  }

  /** Splits the network: nodes in {@code side} cannot exchange frames with the others. */
  public void partition(Collection<String> side) {
    partitionSide.clear();
    partitionSide.addAll(side);
    partitioned = true;
  }

  /** Ends the partition. */
  public void heal() {
    partitioned = false;
    partitionSide.clear();
  }

  /** The true topology: live nodes and their current links. */
  public Map<String, Set<String>> trueTopology() {
    Map<String, Set<String>> m = new TreeMap<>();
    nodes.forEach((key, sn) -> {
      if (sn.alive && key.equals(sn.config.name())) {
        m.put(key, new TreeSet<>(sn.node.neighbors()));
      }
    });
    return m;
  }

  /** Sum of one counter over the live nodes. */
  public long total(Counter c) {
    long t = 0;
    for (SimNode sn : nodes.values()) {
      if (sn.alive) {
        t += sn.node.stats().get(c);
      }
    }
    return t;
  }

  /** Schedules an event of {@code owner}'s, from its own partition, {@code delayNanos} from its now. */
  void schedule(SimNode owner, long delayNanos, Runnable task) {
    Partition p = owner.part;
    p.scheduleAt(p, owner, p.now + Math.max(0, delayNanos), task);
  }

  /** Schedules an event of the simulation's own (no node's), {@code delayNanos} from now. */
  private void scheduleGlobal(long delayNanos, Runnable task) {
    if (clock == null) {
      Partition p = parts[0];
      p.scheduleAt(p, null, p.now + Math.max(0, delayNanos), task);
    } else {
      clock.schedule(delayNanos, task);
    }
  }

  /** Runs events for {@code d} of virtual time. */
  public void runFor(Duration d) {
    runUntilTime(nanoTime() + d.toNanos());
  }

  /**
   * Runs until {@code condition} holds or {@code max} passes: checked after each event, or with
   * several partitions after each window (at most one link delay of virtual time).
   */
  public boolean runUntil(BooleanSupplier condition, Duration max) {
    long end = nanoTime() + max.toNanos();
    if (condition.getAsBoolean()) {
      return true;
    }
    if (clock == null) {
      Partition p = parts[0];
      while (!p.idleBefore(end + 1)) {
        p.step();
        if (condition.getAsBoolean()) {
          return true;
        }
      }
      p.now = Math.max(p.now, end);
    } else {
      while (clock.advance(end)) {
        if (condition.getAsBoolean()) {
          return true;
        }
      }
      clock.moveTo(end);
    }
    return condition.getAsBoolean();
  }

  /**
   * Runs until {@code condition} holds, checking it every {@code every} of virtual time (cheaper
   * than {@link #runUntil} for conditions that cost much to evaluate).
   */
  public boolean runUntil(BooleanSupplier condition, Duration every, Duration max) {
    long end = nanoTime() + max.toNanos();
    while (nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      runUntilTime(Math.min(end, nanoTime() + every.toNanos()));
    }
    return condition.getAsBoolean();
  }

  private void runUntilTime(long end) {
    if (clock == null) {
      Partition p = parts[0];
      while (!p.idleBefore(end + 1)) {
        p.step();
      }
      p.now = Math.max(p.now, end);
      return;
    }
    while (clock.advance(end)) {
      // window after window
    }
    clock.moveTo(end);
  }
}
