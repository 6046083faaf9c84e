package io.meshage.internal.sim;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The simulated network between the nodes: link delays, TCP-style loss with retransmission,
 * duplicated DATA frames, a partition of the network and wire mode. Set on the simulation's
 * thread between runs; read by the nodes' transports.
 */
public final class SimNetwork {
  long defaultDelayNanos = 1_000_000L;
  double loss;
  /** Frames lost for good; applied through each node's fault injector (see {@link Simulator#drop}). */
  double drop;
  boolean wire;
  long retransmitNanos = 10_000_000L;
  private final Set<String> partitionSide = new HashSet<>();
  boolean partitioned;
  final Map<String, Long> linkDelays = new TreeMap<>();
  private final DuplicateFaults duplicates = new DuplicateFaults();

  SimNetwork() {}

  /** One-way delay of every link without its own (default 1 ms). */
  public SimNetwork defaultDelay(Duration d) {
    defaultDelayNanos = d.toNanos();
    return this;
  }

  /** One-way delay between {@code a} and {@code b} (both directions). */
  public SimNetwork delay(String a, String b, Duration d) {
    linkDelays.put(pairKey(a, b), d.toNanos());
    return this;
  }

  /**
   * Probability (0 to 1) that a frame on a link is lost on the wire and retransmitted, as TCP
   * would: it arrives one retransmission timeout late and holds up the frames behind it.
   */
  public SimNetwork loss(double probability) {
    loss = checkProbability(probability, "loss");
    return this;
  }

  /**
   * Extra delay of a lost and retransmitted frame used by {@link #loss(double)}: default 10 ms,
   * a fast retransmit on a busy link. TCP's 200 ms minimum timeout applies to idle links; a
   * busy link at that value saturates once the loss rate times the frames per second exceeds 5.
   */
  public SimNetwork retransmitTimeout(Duration d) {
    retransmitNanos = d.toNanos();
    return this;
  }

  /**
   * Wire mode: every frame is encoded with the real frame codec when sent and decoded when it
   * arrives (malformed bytes close the link, as on TCP), and bytes are counted.
   */
  public SimNetwork wire(boolean on) {
    wire = on;
    return this;
  }

  /**
   * Probability (0 to 1) that a DATA frame sent from {@code from} to {@code to} arrives twice, the
   * copy one retransmission timeout later and ahead of the frames sent after it, as from a link
   * layer that resends a frame whose acknowledgement it lost. {@code "*"} stands for any node.
   */
  public SimNetwork duplicate(String from, String to, double probability) {
    duplicates.set(from, to, checkProbability(probability, "duplicate"));
    return this;
  }

  /** {@link #duplicate(String, String, double)} on every link. */
  public SimNetwork duplicate(double probability) {
    return duplicate(DuplicateFaults.ANY, DuplicateFaults.ANY, probability);
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

  static double checkProbability(double p, String field) {
    if (p < 0 || p > 1) {
      throw new IllegalArgumentException(field + " must be in [0, 1], got " + p);
    }
    return p;
  }

  static String pairKey(String a, String b) {
    return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
  }

  /** The one-way delay between {@code a} and {@code b}, in nanoseconds. */
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

  /** Whether this DATA frame gets a duplicate (see {@link DuplicateFaults#draw}). */
  boolean duplicates(Partition part, String from, String to) {
    return duplicates.draw(part, from, to);
  }

  /** The length of a window of a partitioned simulation (see {@link WindowClock#lookahead}). */
  long lookahead() {
    return WindowClock.lookahead(defaultDelayNanos, linkDelays.values());
  }
}
