package io.meshage.internal.sim;

import io.meshage.MeshConfig;
import io.meshage.internal.node.NodeRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * One formation experiment on the simulator: N nodes of one degree start in a given order over a
 * start window, and the run reports when they became one mesh and agreed on it, counted from the
 * last start, and by how much any node ever exceeded its degree. A seed replays a run exactly.
 */
public final class FormationRun {
  /** How the nodes' start moments are chosen within the start window. */
  public enum Order {
    /** All nodes at once. */
    SIMULTANEOUS,
    /** Independent uniform moments in the window (names in no relation to the order). */
    RANDOM,
    /** Evenly spaced, in ascending name order. */
    ASCENDING,
    /** Evenly spaced, in descending name order. */
    DESCENDING
  }

  /**
   * What one run measured. Times are virtual and counted from the last start; {@code oneMesh} is
   * null when the run did not become one mesh within the allowed time. {@code overDegree} is the
   * largest excess over the degree seen at any sample (every {@code sample}) of the whole run,
   * {@code settledOverDegree} the excess at the end of the settle time after one mesh.
   */
  public record Result(
      long seed, int nodes, int degree, Order order, Duration oneMesh, Duration viewsAgree,
      int overDegree, int settledOverDegree, boolean stillOneMesh) {
    public boolean formed() {
      return oneMesh != null;
    }
  }

  private FormationRun() {}

  /** The config every node of a formation run uses: loopback broadcast discovery on port 9000. */
  public static MeshConfig config(String name, int degree) {
    return MeshConfig.builder(name).degree(degree).discoveryPort(9000)
        .bindAddress("127.0.0.1").broadcastAddress("127.255.255.255").build();
  }

  /**
   * Runs one formation: {@code nodes} nodes named {@code n000}... start in {@code order} over
   * {@code window}; the run waits up to {@code max} after the last start for one mesh and agreeing
   * views, sampling every {@code sample}, then runs {@code settle} more and checks the degree.
   * {@code booted} gets every node as it starts (the harness's {@code MeshNode}s are built there,
   * as in any simulation: they are part of the run).
   */
  public static Result run(
      long seed, int nodes, int degree, Order order, Duration window, Duration sample,
      Duration max, Duration settle, BiConsumer<String, NodeRuntime> booted) {
    Simulator sim = new Simulator(seed, booted);
    long lastStart = schedule(sim, new Random(seed ^ 0x5DEECE66DL), nodes, degree, order, window);
    int[] over = new int[1];
    sim.clock().runUntil(() -> {
      over[0] = Math.max(over[0], MeshCheck.overDegree(sim));
      return false;
    }, sample, Duration.ofNanos(lastStart));
    long from = sim.clock().nanoTime();
    boolean formed = sim.clock().runUntil(() -> {
      over[0] = Math.max(over[0], MeshCheck.overDegree(sim));
      return MeshCheck.oneMesh(sim);
    }, sample, max);
    Duration oneMesh = formed ? Duration.ofNanos(sim.clock().nanoTime() - from) : null;
    Duration agree = null;
    if (formed && sim.clock().runUntil(() -> {
      over[0] = Math.max(over[0], MeshCheck.overDegree(sim));
      return MeshCheck.viewsAgree(sim);
    }, sample, max)) {
      agree = Duration.ofNanos(sim.clock().nanoTime() - from);
    }
    boolean[] split = new boolean[1];
    sim.clock().runUntil(() -> {
      over[0] = Math.max(over[0], MeshCheck.overDegree(sim));
      split[0] |= formed && MeshCheck.components(MeshCheck.twoWay(sim)).size() != 1;
      return false;
    }, sample, settle);
    return new Result(seed, nodes, degree, order, oneMesh, agree, over[0], MeshCheck.overDegree(sim),
        formed && !split[0] && MeshCheck.oneMesh(sim));
  }

  /** Schedules the starts; returns the last start moment in nanoseconds of virtual time. */
  private static long schedule(Simulator sim, Random r, int nodes, int degree, Order order, Duration window) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      names.add(String.format("n%03d", i));
    }
    if (order == Order.DESCENDING) {
      Collections.reverse(names);
    }
    long w = window.toNanos();
    long last = 0;
    for (int i = 0; i < nodes; i++) {
      long at = switch (order) {
        case SIMULTANEOUS -> 0;
        case RANDOM -> (long) (r.nextDouble() * w);
        case ASCENDING, DESCENDING -> nodes == 1 ? 0 : w * i / (nodes - 1);
      };
      last = Math.max(last, at);
      if (at == 0) {
        sim.addNode(config(names.get(i), degree));
      } else {
        sim.addNodeLater(config(names.get(i), degree), Duration.ofNanos(at));
      }
    }
    return last;
  }
}
