package io.meshage.sim;

import io.meshage.internal.NodeAccess;
import io.meshage.internal.NodeCore;
import io.meshage.internal.codec.BodyCodec;
import io.meshage.routing.NameIds;
import io.meshage.internal.transport.Transport;
import io.meshage.internal.transport.fault.FaultyTransport;
import io.meshage.Counter;
import io.meshage.FaultInjector;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.MeshStats;
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
 * event for event. The network model (link delays, TCP-style loss with retransmission, partitions
 * of the network, cut links, a link layer that resends DATA frames) lives here; node-local faults (frames dropped for good, duplicated,
 * delayed by a distribution, blocked peers, frozen links) come from each node's
 * {@link FaultInjector}, the same decorator that works on TCP. Nodes crash, freeze and restart.
 */
public final class Simulation {
  private final long seed;
  final Random random;
  // One name table for every node's topologies: all nodes run on the simulation's thread.
  private final NameIds names = NameIds.shared();
  // Orders events due at the same time: seeded, and cheaper than the shared Random.
  private final SplittableRandom ties;
  private final EventQueue<Event> events = new EventQueue<>(Event::time);
  private long now;
  private long seq;
  private long eventsRun;
  final Map<String, SimNode> nodes = new TreeMap<>();
  final Map<Integer, SimNode> byPort = new TreeMap<>();
  private int nextPort = 10_000;
  long defaultDelayNanos = 1_000_000L;
  double loss;
  double drop;
  boolean wire;
  long retransmitNanos = 10_000_000L;
  final Set<String> partitionSide = new HashSet<>();
  boolean partitioned;
  final Map<String, Long> linkDelays = new TreeMap<>();
  /** Beacon deliveries not yet run, by arrival time. */
  private final Map<Long, BeaconFanout> fanouts = new java.util.HashMap<>();

  private record Event(long time, long tie, long seq, SimNode owner, Runnable task)
      implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      int c = Long.compare(time, o.time);
      if (c != 0) {
        return c;
      }
      c = Long.compare(tie, o.tie);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  /** One simulated node: its config, its current incarnation and its transport. */
  final class SimNode {
    final MeshConfig config;
    final int port;
    MeshNode node;
    SimTransport transport;
    FaultyTransport faults;
    MeshStats stats;
    boolean alive;
    boolean frozen;
    final List<Runnable> frozenBacklog = new ArrayList<>();

    SimNode(MeshConfig config, int port) {
      this.config = config;
      this.port = port;
    }
  }

  public Simulation(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
    this.ties = new SplittableRandom(seed ^ 0x5DEECE66DL);
  }

  public long seed() {
    return seed;
  }

  /** Virtual time since the start, in nanoseconds. */
  public long nanoTime() {
    return now;
  }

  public Duration elapsed() {
    return Duration.ofNanos(now);
  }

  /** Events executed so far. */
  public long eventsRun() {
    return eventsRun;
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

  // ---- fault hook: duplicated DATA frames (small and apart, to move into a Transport decorator)

  private static final String ANY = "*";
  private final Map<String, Double> duplicates = new TreeMap<>();
  private long duplicated;

  /**
   * Probability (0 to 1) that a DATA frame sent from {@code from} to {@code to} arrives twice, the
   * copy one retransmission timeout later and ahead of the frames sent after it, as from a link
   * layer that resends a frame whose acknowledgement it lost. {@code "*"} stands for any node.
   * Receivers must handle it once.
   */
  public Simulation duplicate(String from, String to, double probability) {
    duplicates.put(from + ">" + to, checkProbability(probability, "duplicate"));
    return this;
  }

  /** {@link #duplicate(String, String, double)} on every link. */
  public Simulation duplicate(double probability) {
    return duplicate(ANY, ANY, probability);
  }

  /** How many duplicate DATA frames the simulator has injected so far. */
  public long duplicatesInjected() {
    return duplicated;
  }

  /** Whether this DATA frame from {@code from} to {@code to} gets a duplicate; draws at most once. */
  boolean duplicates(String from, String to) {
    if (duplicates.isEmpty()) {
      return false;
    }
    Double p = duplicates.get(from + ">" + to);
    p = p != null ? p : duplicates.get(from + ">" + ANY);
    p = p != null ? p : duplicates.get(ANY + ">" + to);
    p = p != null ? p : duplicates.get(ANY + ">" + ANY);
    if (p == null || p == 0 || random.nextDouble() >= p) {
      return false;
    }
    duplicated++;
    return true;
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
    SimNode sn = new SimNode(config, nextPort++);
    nodes.put(config.name(), sn);
    byPort.put(sn.port, sn);
    boot(sn);
    return sn.node;
  }

  /** Adds a node at virtual time {@code at} (from now). */
  public void addNodeLater(MeshConfig config, Duration at) {
    schedule(null, at.toNanos(), () -> addNode(config));
  }

  private void boot(SimNode sn) {
    sn.transport = new SimTransport(this, sn);
    SimLoop loop = new SimLoop(this, sn);
    MeshStats stats = MeshStats.forOneThread();
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
            stats, instance, names);
    sn.alive = true;
    sn.frozen = false;
    try {
      core.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sn.stats = stats;
    sn.node = NodeAccess.wrap(core, sn.faults, loop::execute, () -> {});
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
    for (SimNode sn : nodes.values()) {
      if (sn.alive) {
        m.put(sn.config.name(), new TreeSet<>(sn.node.neighbors()));
      }
    }
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

  void schedule(SimNode owner, long delayNanos, Runnable task) {
    events.add(new Event(now + Math.max(0, delayNanos), ties.nextLong(), seq++, owner, task));
  }

  /** A number in [0, bound) from the seeded tie-break stream. */
  int tieBreak(int bound) {
    return ties.nextInt(bound);
  }

  /** The beacon deliveries due {@code delayNanos} from now, scheduled as one event on first use. */
  BeaconFanout fanout(long delayNanos) {
    long at = now + Math.max(0, delayNanos);
    BeaconFanout f = fanouts.get(at);
    if (f == null) {
      BeaconFanout created = new BeaconFanout(this);
      fanouts.put(at, created);
      schedule(null, delayNanos, () -> {
        fanouts.remove(at);
        created.run();
      });
      f = created;
    }
    return f;
  }

  /** Runs events for {@code d} of virtual time. */
  public void runFor(Duration d) {
    runUntilTime(now + d.toNanos());
  }

  /** Runs until {@code condition} holds (checked after each event) or {@code max} passes. */
  public boolean runUntil(BooleanSupplier condition, Duration max) {
    long end = now + max.toNanos();
    if (condition.getAsBoolean()) {
      return true;
    }
    while (!events.isEmpty() && events.peek().time <= end) {
      step();
      if (condition.getAsBoolean()) {
        return true;
      }
    }
    now = Math.max(now, end);
    return condition.getAsBoolean();
  }

  /**
   * Runs until {@code condition} holds, checking it every {@code every} of virtual time (cheaper
   * than {@link #runUntil} for conditions that cost much to evaluate).
   */
  public boolean runUntil(BooleanSupplier condition, Duration every, Duration max) {
    long end = now + max.toNanos();
    while (now < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      runUntilTime(Math.min(end, now + every.toNanos()));
    }
    return condition.getAsBoolean();
  }

  private void runUntilTime(long end) {
    while (!events.isEmpty() && events.peek().time <= end) {
      step();
    }
    now = Math.max(now, end);
  }

  private void step() {
    Event e = events.poll();
    now = e.time;
    if (e.owner == null) {
      eventsRun++;
      e.task.run();
    } else if (runsFor(e.owner)) {
      e.task.run();
    }
  }

  /**
   * Whether an event of {@code owner}'s runs now (it is alive and not frozen), counted as one
   * event run: also for each node that an event delivering to many nodes reaches.
   */
  boolean runsFor(SimNode owner) {
    if (!owner.alive || owner.frozen) {
      return false;
    }
    eventsRun++;
    return true;
  }
}
