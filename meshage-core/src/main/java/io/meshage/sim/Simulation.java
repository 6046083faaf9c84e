package io.meshage.sim;

import io.meshage.Counter;
import io.meshage.FaultInjector;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.internal.facade.LocalNode;
import io.meshage.internal.sim.MeshCheck;
import io.meshage.internal.sim.Simulator;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A simulated mesh: many nodes in one JVM on in-memory links with a virtual clock, running the
 * same node code as on TCP, replayed event for event from a seed. Add nodes, get each one's
 * {@link MeshNode}, inject failures (crash, freeze, restart, cut, partition, loss, delays, each
 * node's {@link FaultInjector}), schedule your own steps with {@link #at}, and run for a time or
 * until a condition holds. Every method runs on the calling thread, which drives the simulation:
 * nodes' handlers run on it too, during the runs.
 *
 * <pre>{@code
 * Simulation sim = new Simulation(7);
 * for (int i = 1; i <= 20; i++) {
 *   sim.addNode(MeshConfig.builder("n" + i).degree(3).discoveryPort(9000).build());
 * }
 * sim.at(Duration.ofSeconds(5), () -> sim.kill("n3"));
 * sim.runFor(Duration.ofSeconds(10));
 * }</pre>
 */
public final class Simulation {
  private final Map<String, MeshNode> nodes = new HashMap<>();
  private final Simulator engine;

  /** An empty simulation replaying the run of {@code seed}. */
  public Simulation(long seed) {
    engine = new Simulator(seed, (key, runtime) -> nodes.put(key, new LocalNode(runtime)));
  }

  /** The engine, for the tests of this module. */
  Simulator engine() {
    return engine;
  }

  public long seed() {
    return engine.seed();
  }

  /**
   * Runs the nodes in {@code count} partitions on up to {@code threads} threads, for thousands of
   * nodes; before the first node. Windows shorter than the smallest link delay run in parallel: a
   * seed and a partition count replay a run event for event on any number of threads (another
   * partition count is another, equally valid run). Nodes then act on each other only through
   * links and discovery (a handler of one node calling another node's API fails), tasks given to
   * {@link #at} run between windows, and links need delays of at least 2 ns.
   */
  public Simulation partitions(int count, int threads) {
    engine.partitions(count, threads);
    return this;
  }

  // ------------------------------------------------------------------ the network

  /**
   * Wire mode: every frame is encoded with the real codec when sent and decoded when it arrives
   * (malformed bytes close the link, as on TCP), and bytes are counted; slower.
   */
  public Simulation wire(boolean on) {
    engine.network().wire(on);
    return this;
  }

  /** One-way delay of every link without its own (default 1 ms). */
  public Simulation defaultDelay(Duration d) {
    engine.network().defaultDelay(d);
    return this;
  }

  /** One-way delay between {@code a} and {@code b} (both directions). */
  public Simulation delay(String a, String b, Duration d) {
    engine.network().delay(a, b, d);
    return this;
  }

  /**
   * Probability (0 to 1) that a frame is lost on the wire and retransmitted, as TCP would: it
   * arrives 10 ms late and holds up the frames behind it.
   */
  public Simulation loss(double probability) {
    engine.network().loss(probability);
    return this;
  }

  /**
   * Probability (0 to 1) that a frame is dropped for good (a broken link layer, not TCP): the
   * senders' verdicts must then say TIMEOUT, never a false delivery.
   */
  public Simulation drop(double probability) {
    engine.drop(probability);
    return this;
  }

  /**
   * Probability (0 to 1) that a DATA frame from {@code from} to {@code to} arrives twice, as from
   * a link layer that resent it; {@code "*"} stands for any node. Receivers handle it once.
   */
  public Simulation duplicate(String from, String to, double probability) {
    engine.network().duplicate(from, to, probability);
    return this;
  }

  /** Splits the network: nodes in {@code side} cannot exchange frames with the others. */
  public void partition(Collection<String> side) {
    engine.network().partition(side);
  }

  /** Ends the partition. */
  public void heal() {
    engine.network().heal();
  }

  // ------------------------------------------------------------------ the nodes

  /**
   * Creates and starts a node from {@code config}. The simulator assigns its address (bind
   * address, port and broadcast address are ignored); discovery works among the nodes with the
   * same non-zero discovery port.
   */
  public MeshNode addNode(MeshConfig config) {
    engine.addNode(config);
    return nodes.get(config.name());
  }

  /** The node called {@code name}: its current incarnation (a restart makes a new one). */
  public MeshNode node(String name) {
    MeshNode n = nodes.get(name);
    if (n == null) {
      throw new IllegalArgumentException("no node " + name);
    }
    return n;
  }

  /** Names of the nodes currently running (not crashed), sorted. */
  public Set<String> liveNodes() {
    return engine.liveNodes();
  }

  /** Crashes {@code name}: its links drop, without a goodbye (peers see it after one link delay). */
  public void kill(String name) {
    engine.kill(name);
  }

  /** Freezes {@code name}: it stops processing and sending; its peers notice by keepalive. */
  public void freeze(String name) {
    engine.freeze(name);
  }

  /** Restarts {@code name} (crashing it first if needed) as a new instance; returns the new node. */
  public MeshNode restart(String name) {
    engine.restart(name);
    return node(name);
  }

  /** Closes the link between {@code a} and {@code b} (both see it drop); false when there is none. */
  public boolean cut(String a, String b) {
    return engine.cut(a, b);
  }

  /**
   * The fault injector of {@code name}'s current incarnation: frames lost, duplicated or delayed,
   * peers blocked, links dropped or frozen (a restart starts without faults but {@link #drop}).
   */
  public FaultInjector faults(String name) {
    return engine.faults(name);
  }

  // ------------------------------------------------------------------ time

  /** Virtual time since the start, in nanoseconds. */
  public long nanoTime() {
    return engine.clock().nanoTime();
  }

  /** Virtual time since the start. */
  public Duration elapsed() {
    return Duration.ofNanos(nanoTime());
  }

  /**
   * Runs {@code task} when a run reaches {@code time} (virtual time since the start, not before
   * now): after every node event due by then and before any later one. Tasks of one moment run in
   * the order given (one a task gives for the same moment runs after the others); a run up to a
   * moment ends with its tasks. Call it between runs or from a task.
   */
  public void at(Duration time, Runnable task) {
    engine.clock().at(time.toNanos(), task);
  }

  /** Runs the simulation for {@code d} of virtual time. */
  public void runFor(Duration d) {
    engine.clock().runFor(d);
  }

  /**
   * Runs until {@code condition} holds (checked after every event) or {@code max} of virtual time
   * passes; whether it holds.
   */
  public boolean runUntil(BooleanSupplier condition, Duration max) {
    return engine.clock().runUntil(condition, max);
  }

  /** As {@link #runUntil(BooleanSupplier, Duration)}, checking only every {@code every} of virtual time. */
  public boolean runUntil(BooleanSupplier condition, Duration every, Duration max) {
    return engine.clock().runUntil(condition, every, max);
  }

  // ------------------------------------------------------------------ the truth

  /** The true topology: each live node and the nodes it holds a link to now. */
  public Map<String, Set<String>> trueTopology() {
    return engine.trueTopology();
  }

  /** Whether the live nodes' true links connect them all and every live node sees them all. */
  public boolean oneMesh() {
    return MeshCheck.oneMesh(engine);
  }

  /** Whether every live node's view equals the true two-way links of its own part. */
  public boolean viewsAgree() {
    return MeshCheck.viewsAgree(engine);
  }

  /** Sum of one counter over the live nodes. */
  public long total(Counter c) {
    return engine.total(c);
  }

  /** Events the simulator has run so far (a task given to {@link #at} is not one). */
  public long eventsRun() {
    return engine.clock().eventsRun();
  }
}
