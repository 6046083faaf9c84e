package io.meshage.internal.sim;

import io.meshage.internal.node.NodeRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * One healing experiment on the simulator: N nodes of one degree form one mesh, settle, then k
 * of them crash at once. The run reports how long after the crashes the survivors' views agreed
 * with the truth and how long until they were one mesh again, and whether the crashes split the
 * mesh at all. A seed replays a run exactly.
 */
public final class HealingRun {
  /**
   * What one run measured (virtual times from the crashes; null when not reached within the
   * allowed time). {@code parts} is the number of parts the crashes left before any repair.
   */
  public record Result(
      long seed, int nodes, int degree, List<String> killed, int parts, Duration viewsAgree,
      Duration oneMesh, int overDegree) {
    public boolean healed() {
      return oneMesh != null;
    }
  }

  private HealingRun() {}

  /**
   * Starts {@code nodes} nodes at once, waits for one mesh plus {@code settle}, crashes
   * {@code kill} random nodes (chosen by the seed) and runs up to {@code max} for the views to
   * agree and the survivors to be one mesh, sampling every {@code sample}. {@code booted} as in
   * {@link FormationRun#run}.
   */
  public static Result run(
      long seed, int nodes, int degree, int kill, Duration sample, Duration settle, Duration max,
      BiConsumer<String, NodeRuntime> booted) {
    Simulator sim = new Simulator(seed, booted);
    for (int i = 0; i < nodes; i++) {
      sim.addNode(FormationRun.config(String.format("n%03d", i), degree));
    }
    if (!sim.clock().runUntil(() -> MeshCheck.oneMesh(sim) && MeshCheck.viewsAgree(sim), sample, max)) {
      throw new IllegalStateException("seed " + seed + ": no mesh to crash nodes in within " + max);
    }
    sim.clock().runFor(settle);
    List<String> victims = new ArrayList<>(sim.liveNodes());
    Collections.shuffle(victims, new Random(seed));
    victims = new ArrayList<>(victims.subList(0, kill));
    Collections.sort(victims);
    victims.forEach(sim::kill);
    int parts = MeshCheck.components(MeshCheck.twoWay(sim)).size();
    long from = sim.clock().nanoTime();
    int[] over = new int[1];
    Duration agree = null;
    Duration one = null;
    long end = from + max.toNanos();
    while (sim.clock().nanoTime() < end && (agree == null || one == null)) {
      over[0] = Math.max(over[0], MeshCheck.overDegree(sim));
      if (agree == null && MeshCheck.viewsAgree(sim)) {
        agree = Duration.ofNanos(sim.clock().nanoTime() - from);
      }
      if (one == null && MeshCheck.oneMesh(sim)) {
        one = Duration.ofNanos(sim.clock().nanoTime() - from);
      }
      sim.clock().runFor(sample);
    }
    return new Result(seed, nodes, degree, victims, parts, agree, one, over[0]);
  }
}
