package io.meshage.internal.sim;

import io.meshage.Counter;
import io.meshage.FaultInjector;
import io.meshage.MeshConfig;
import io.meshage.internal.NodeStats;
import io.meshage.internal.codec.BodyCodec;
import io.meshage.internal.node.NodeCore;
import io.meshage.internal.node.NodeRuntime;
import io.meshage.internal.transport.fault.FaultyTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The engine of the deterministic simulator behind {@code io.meshage.sim.Simulation}: many nodes
 * in one JVM on in-memory links with a virtual clock, built from the same {@link NodeCore} that runs
 * on TCP. This class keeps the nodes' lifecycle (boot, crash, freeze, restart, twins); the clock
 * and the runs are {@link SimClock}'s, the links between the nodes {@link SimNetwork}'s. Node-local
 * faults (frames dropped for good, duplicated, delayed by a distribution, blocked peers, frozen
 * links) come from each node's {@link FaultInjector}, the same decorator that works on TCP.
 *
 * <p>Every boot hands the new incarnation's {@link NodeRuntime} to the listener given at
 * construction (the harness builds its {@code MeshNode} there), on the simulation's thread.
 */
public final class Simulator {
  private final long seed;
  /** Instance ids and node randoms at boot (between windows, on the simulation's thread). */
  final Random random;
  final SimClock clock;
  final SimNetwork network = new SimNetwork();
  final Map<String, SimNode> nodes = new TreeMap<>();
  final Map<Integer, SimNode> byPort = new TreeMap<>();
  /** The truth of the last {@link MeshCheck} (caller's thread; rebuilt when any node's links change). */
  MeshCheck.Truth lastTruth;
  private final BiConsumer<String, NodeRuntime> booted;
  private int nextPort = 10_000;

  /** A simulator whose nodes are built by nobody above it (experiments that read only cores). */
  public Simulator(long seed) {
    this(seed, (key, runtime) -> {});
  }

  /** @param booted gets the key and runtime of every incarnation as soon as its core started */
  public Simulator(long seed, BiConsumer<String, NodeRuntime> booted) {
    this.seed = seed;
    this.random = new Random(seed);
    this.clock = new SimClock(seed, random);
    this.booted = booted;
  }

  public long seed() {
    return seed;
  }

  public SimClock clock() {
    return clock;
  }

  public SimNetwork network() {
    return network;
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
  public Simulator partitions(int count, int threads) {
    if (count < 1 || count > 64) {
      throw new IllegalArgumentException("partitions must be in [1, 64], got " + count);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    if (!nodes.isEmpty() || !clock.untouched()) {
      throw new IllegalStateException("partitions must be set before the first node is added or scheduled");
    }
    if (count > 1) {
      clock.split(count, threads, network::lookahead);
    }
    return this;
  }

  /**
   * Probability (0 to 1) that a frame is silently dropped for good (a faulty link layer, not
   * TCP): the mesh must then report TIMEOUT, never a false delivery. Applied through every
   * node's fault injector, now and at each boot.
   */
  public Simulator drop(double probability) {
    network.drop = SimNetwork.checkProbability(probability, "drop");
    for (SimNode sn : nodes.values()) {
      if (sn.faults != null) {
        sn.faults.loss(network.drop);
      }
    }
    return this;
  }

  /** How many duplicate DATA frames the simulator has injected so far. */
  public long duplicatesInjected() {
    long n = 0;
    for (Partition p : clock.parts) {
      n += p.duplicated;
    }
    return n;
  }

  /**
   * The fault injector of node {@code name}'s current incarnation (a restart starts with no
   * faults, except the simulation-wide {@link #drop}).
   */
  public FaultInjector faults(String name) {
    return existing(name).faults;
  }

  private SimNode existing(String name) {
    SimNode sn = nodes.get(name);
    if (sn == null) {
      throw new IllegalArgumentException("no node " + name);
    }
    return sn;
  }

  /**
   * Creates and starts a node from {@code config} (its bind address, port and broadcast address
   * are ignored: the simulator assigns a virtual address; discovery works when discoveryPort is
   * not zero, among all nodes with the same discovery port).
   */
  public void addNode(MeshConfig config) {
    add(config.name(), config);
  }

  /**
   * Starts a second instance of {@code config.name()} (a cloned machine), kept under {@code key}
   * for {@link #kill} and the listener; it is left out of {@link #trueTopology()} (so call it
   * only after killing the twin when comparing views with the truth).
   */
  public void addTwin(String key, MeshConfig config) {
    if (key.equals(config.name())) {
      throw new IllegalArgumentException("node " + key + " already exists");
    }
    add(key, config);
  }

  private void add(String key, MeshConfig config) {
    if (nodes.containsKey(key)) {
      throw new IllegalArgumentException("node " + key + " already exists");
    }
    int index = nextPort - 10_000;
    SimNode sn = new SimNode(config, nextPort++, clock.parts[index % clock.parts.length]);
    nodes.put(key, sn);
    byPort.put(sn.port, sn);
    boot(key, sn);
  }

  /** Adds a node as an event of the simulation's own at virtual time {@code at} from now (see {@link SimClock#scheduleOwn}). */
  public void addNodeLater(MeshConfig config, Duration at) {
    clock.scheduleOwn(at.toNanos(), () -> addNode(config));
  }

  private void boot(String key, SimNode sn) {
    sn.transport = new SimTransport(this, sn);
    SimLoop loop = new SimLoop(clock, sn);
    NodeStats stats = NodeStats.forOneThread();
    long now = clock.nanoTime();
    sn.faults = new FaultyTransport(sn.transport, loop, stats, seed * 31 + sn.config.name().hashCode() + now);
    if (network.drop > 0) {
      sn.faults.loss(network.drop);
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
    booted.accept(key, new NodeRuntime(core, sn.faults, loop::execute, () -> {}));
  }

  /** The core of the node called {@code name} (its current incarnation). */
  public NodeCore core(String name) {
    return existing(name).core;
  }

  /** Whether {@code name} is a node of this simulation (crashed or not). */
  public boolean has(String name) {
    return nodes.containsKey(name);
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
    existing(name).frozen = true;
  }

  /** Restarts {@code name} (crashing it first if needed) with a new instance id. */
  public void restart(String name) {
    SimNode sn = existing(name);
    kill(name);
    boot(name, sn);
  }

  /** Closes the link between {@code a} and {@code b} (both see it drop). */
  public boolean cut(String a, String b) {
    SimNode sa = nodes.get(a);
    return sa != null && sa.alive && sa.transport.cut(b);
  }

  /** The true topology: live nodes and their current links. */
  public Map<String, Set<String>> trueTopology() {
    Map<String, Set<String>> m = new TreeMap<>();
    nodes.forEach((key, sn) -> {
      if (sn.alive && key.equals(sn.config.name())) {
        m.put(key, new TreeSet<>(sn.core.snapshot().neighbors()));
      }
    });
    return m;
  }

  /** Sum of one counter over the live nodes. */
  public long total(Counter c) {
    long t = 0;
    for (SimNode sn : nodes.values()) {
      if (sn.alive) {
        t += sn.stats.get(c);
      }
    }
    return t;
  }
}
