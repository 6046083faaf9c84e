package io.meshage.tools.sim;

import io.meshage.MeshNode;
import io.meshage.internal.facade.LocalNode;
import io.meshage.internal.node.NodeRuntime;
import io.meshage.internal.sim.FormationRun.Order;
import io.meshage.internal.sim.FormationRun;
import io.meshage.internal.sim.HealingRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;

/**
 * The formation and healing figures on the simulator: for every degree, size and start mode,
 * the median and maximum virtual time from the last start to one mesh over many seeds (and the
 * largest excess over the degree ever sampled), then the healing times after crashes. Seeds run
 * in parallel, one simulation per thread.
 *
 * <p>System properties: {@code sweep.sizes} (default 4,5,6,8,12,20,50,100,200),
 * {@code sweep.degrees} (2,3,4), {@code sweep.seeds} (200), {@code sweep.orders}
 * (RANDOM,SIMULTANEOUS), {@code sweep.window} (staggered start window in ms, 3000),
 * {@code sweep.threads} (available processors), {@code sweep.heal} (true), {@code sweep.firstSeed} (0).
 *
 * <p>It drives the simulator's internal experiments ({@code io.meshage.internal.sim.FormationRun},
 * {@code HealingRun}), the same ones {@code SimulationFormationTest} checks, so that its figures
 * are those runs' (this tool runs on the class path; the module does not export them).
 */
public final class FormationSweep {
  /** Every node gets its MeshNode at boot, as in any simulation of the harness. */
  private static final BiConsumer<String, NodeRuntime> MESH_NODES = (key, runtime) -> new LocalNode(runtime);

  private FormationSweep() {}

  public static void main(String[] args) throws Exception {
    int[] sizes = ints(System.getProperty("sweep.sizes", "4,5,6,8,12,20,50,100,200"));
    int[] degrees = ints(System.getProperty("sweep.degrees", "2,3,4"));
    int seeds = Integer.getInteger("sweep.seeds", 200);
    long firstSeed = Long.getLong("sweep.firstSeed", 0L);
    String[] orders = System.getProperty("sweep.orders", "RANDOM,SIMULTANEOUS").split(",");
    Duration window = Duration.ofMillis(Integer.getInteger("sweep.window", 3000));
    int threads = Integer.getInteger("sweep.threads", Runtime.getRuntime().availableProcessors());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      System.out.printf("%-12s %6s %5s %6s %11s %11s %11s %6s %5s %8s%n", "starts", "degree", "nodes",
          "seeds", "median ms", "max ms", "worst seed", ">1s", "over", "wall s");
      for (String o : orders) {
        Order order = Order.valueOf(o.trim());
        for (int d : degrees) {
          for (int n : sizes) {
            formation(pool, order, d, n, firstSeed, seeds, order == Order.SIMULTANEOUS ? Duration.ZERO : window);
          }
        }
      }
      if (Boolean.parseBoolean(System.getProperty("sweep.heal", "true"))) {
        healing(pool, Math.min(seeds, 50));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void formation(
      ExecutorService pool, Order order, int d, int n, long firstSeed, int seeds, Duration window) throws Exception {
    long wall = System.nanoTime();
    List<Future<FormationRun.Result>> runs = new ArrayList<>();
    for (long s = firstSeed; s < firstSeed + seeds; s++) {
      long seed = s;
      runs.add(pool.submit(() -> FormationRun.run(
          seed, n, d, order, window, Duration.ofMillis(5), Duration.ofSeconds(30), Duration.ofSeconds(1), MESH_NODES)));
    }
    List<Long> ms = new ArrayList<>();
    long worstSeed = -1;
    long worst = -1;
    int over = 0;
    int failed = 0;
    for (Future<FormationRun.Result> f : runs) {
      FormationRun.Result r = f.get();
      over = Math.max(over, Math.max(r.overDegree(), r.settledOverDegree()));
      if (!r.formed() || !r.stillOneMesh()) {
        failed++;
        continue;
      }
      long t = r.oneMesh().toMillis();
      ms.add(t);
      if (t > worst) {
        worst = t;
        worstSeed = r.seed();
      }
    }
    Collections.sort(ms);
    long slow = ms.stream().filter(t -> t >= 1000).count() + failed;
    System.out.printf("%-12s %6d %5d %6d %11s %11s %11d %6d %5d %8.1f%n", order, d, n, seeds,
        ms.isEmpty() ? "-" : ms.get(ms.size() / 2), failed > 0 ? "not formed" : worst, worstSeed, slow, over,
        (System.nanoTime() - wall) / 1e9);
  }

  private static void healing(ExecutorService pool, int seeds) throws Exception {
    System.out.printf("%nhealing (simultaneous start, settle 1 s, then crashes):%n");
    System.out.printf("%5s %6s %5s %6s %7s %16s %16s %14s%n", "nodes", "degree", "kill", "seeds", "split",
        "agree med/max", "one mesh med/max", "not healed");
    int[][] cases = {{20, 2, 2}, {40, 2, 4}, {40, 3, 8}, {60, 4, 12}, {200, 3, 20}};
    for (int[] c : cases) {
      List<Future<HealingRun.Result>> runs = new ArrayList<>();
      for (long s = 0; s < seeds; s++) {
        long seed = s;
        runs.add(pool.submit(() -> HealingRun.run(
            seed, c[0], c[1], c[2], Duration.ofMillis(5), Duration.ofSeconds(1), Duration.ofSeconds(30), MESH_NODES)));
      }
      List<Long> agree = new ArrayList<>();
      List<Long> one = new ArrayList<>();
      int split = 0;
      int failed = 0;
      for (Future<HealingRun.Result> f : runs) {
        HealingRun.Result r = f.get();
        split += r.parts() > 1 ? 1 : 0;
        if (r.viewsAgree() == null || r.oneMesh() == null) {
          failed++;
          continue;
        }
        agree.add(r.viewsAgree().toMillis());
        one.add(r.oneMesh().toMillis());
      }
      Collections.sort(agree);
      Collections.sort(one);
      System.out.printf("%5d %6d %5d %6d %7d %16s %16s %14d%n", c[0], c[1], c[2], seeds, split,
          medianMax(agree), medianMax(one), failed);
    }
  }

  private static String medianMax(List<Long> sorted) {
    return sorted.isEmpty() ? "-" : sorted.get(sorted.size() / 2) + "/" + sorted.get(sorted.size() - 1) + " ms";
  }

  private static int[] ints(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
  }
}
