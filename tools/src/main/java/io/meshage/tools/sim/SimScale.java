package io.meshage.tools.sim;

import io.meshage.Counter;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.sim.Simulation;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Convergence at scale on the simulator: N nodes (default 1,000, degree 3) start at random
 * moments, then one link is cut and one node crashes. Reports virtual convergence times, wall
 * time, and MSA transmissions per node per topology change (a link coming up or going down);
 * then one node crashes, and the times until the survivors' views agree and they are one mesh.
 *
 * <p>System properties: {@code sim.nodes}, {@code sim.degree}, {@code sim.seed}, {@code sim.spread}
 * (start window in ms, default 10,000), {@code sim.msaPeriod} (seconds, default 600 so that
 * refreshes stay out of the per-change counts), {@code sim.cut} (the neighbour of n0100 to cut
 * from), {@code sim.crash} (default n0200), {@code sim.partitions} (default 2; 1 runs every event
 * in the order of one queue, a different but equally valid run) and {@code sim.threads} (default:
 * one per partition, at most one per core; the same run on any number). Run it through
 * {@code tools/sim-scale.sh N}, which sets the heap (1.6 GB per 1,000 nodes) and the collector
 * settings the figures in tools/README.md were measured with.
 */
public final class SimScale {
  private SimScale() {}

  public static void main(String[] args) {
    int n = Integer.getInteger("sim.nodes", 1000);
    int degree = Integer.getInteger("sim.degree", 3);
    long seed = Long.getLong("sim.seed", 1);
    int spread = Integer.getInteger("sim.spread", 10_000);
    // Periodic refreshes are not caused by topology changes: by default they are kept out of
    // the counts (10 minutes); -Dsim.msaPeriod=10 shows the cost of meshage's 10 s refresh.
    int msaPeriod = Integer.getInteger("sim.msaPeriod", 600);
    int partitions = Integer.getInteger("sim.partitions", 2);
    int threads = Integer.getInteger("sim.threads", Math.min(partitions, Runtime.getRuntime().availableProcessors()));
    Simulation sim = new Simulation(seed).partitions(partitions, threads);
    Random r = new Random(seed);
    for (int i = 0; i < n; i++) {
      MeshConfig c = MeshConfig.builder(String.format("n%04d", i)).degree(degree).discoveryPort(9000)
          .broadcastAddress("127.255.255.255").msaPeriod(Duration.ofSeconds(msaPeriod)).build();
      sim.at(Duration.ofMillis(r.nextInt(spread)), () -> sim.addNode(c));
    }
    long wall = System.nanoTime();
    sim.runFor(Duration.ofMillis(spread + 1));
    String probe = "n0000";
    boolean ok = sim.runUntil(() -> converged(sim, n), Duration.ofMillis(500), Duration.ofMinutes(5));
    long formationWall = (System.nanoTime() - wall) / 1_000_000;
    long linkEvents = sim.total(Counter.LINKS_OPENED) + sim.total(Counter.LINKS_CLOSED);
    long msas = sim.total(Counter.MSA_SENT);
    System.out.printf("formation: %s; %d nodes in one mesh at %s virtual (%d ms after the last start), %d ms wall, "
            + "%d ms CPU%n",
        ok ? "converged" : "NOT converged", sim.node(probe).mesh().size(), sim.elapsed(),
        sim.elapsed().toMillis() - spread, formationWall,
        java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000);
    System.out.printf("formation: %d link events (both ends counted), %d MSA transmissions: %.2f per node per link change; "
            + "%d simulator events%n",
        linkEvents, msas, msas / (double) n / (linkEvents / 2.0), sim.eventsRun());
    System.out.printf("formation: MSAs originated %d, forwarded %d, received %d (duplicates %d, stale %d), "
            + "summaries %d; beacons sent %d, received %d%n",
        sim.total(Counter.MSA_ORIGINATED), sim.total(Counter.MSA_FORWARDED), sim.total(Counter.MSA_RECEIVED),
        sim.total(Counter.MSA_DROPPED), sim.total(Counter.MSA_STALE_REPLIES), sim.total(Counter.SUMMARIES_SENT),
        sim.total(Counter.BEACONS_SENT), sim.total(Counter.BEACONS_RECEIVED));

    // Let the formation settle (no link changes for 3 s), then cut one link and count the MSA
    // transmissions until every view is right again plus one second.
    long changesSeen = -1;
    while (changesSeen != sim.total(Counter.LINKS_OPENED) + sim.total(Counter.LINKS_CLOSED)) {
      changesSeen = sim.total(Counter.LINKS_OPENED) + sim.total(Counter.LINKS_CLOSED);
      sim.runFor(Duration.ofSeconds(3));
    }
    long msaBefore = sim.total(Counter.MSA_SENT);
    long start = sim.nanoTime();
    String a = "n0100";
    String b = System.getProperty("sim.cut", new java.util.TreeSet<>(sim.node(a).neighbors()).first());
    sim.cut(a, b);
    // Right after the cut every view still holds the link and the truth does not, so this waits
    // for the views to catch up (also when the two re-link to each other).
    boolean healed = sim.runUntil(() -> converged(sim, n), Duration.ofMillis(1), Duration.ofSeconds(30));
    double tookMs = (sim.nanoTime() - start) / 1e6;
    if (!healed) {
      System.out.printf("not healed: views agree with the truth: %s, one mesh: %s%n", sim.viewsAgree(), sim.oneMesh());
    }
    sim.runFor(Duration.ofSeconds(1));
    long msaCut = sim.total(Counter.MSA_SENT) - msaBefore;
    long changes = (sim.total(Counter.LINKS_OPENED) + sim.total(Counter.LINKS_CLOSED) - changesSeen) / 2;
    System.out.printf("cut %s-%s: %s in %.1f ms virtual; %d link changes (the cut and any re-link); "
            + "%d MSA transmissions: %.2f per node per change%n",
        a, b, healed ? "converged" : "NOT converged", tookMs, changes, msaCut,
        msaCut / (double) n / Math.max(1, changes));

    // One crash: the time until every survivor's view is right again and until they are one mesh.
    String victim = System.getProperty("sim.crash", "n0200");
    long crashWall = System.nanoTime();
    // total() counts live nodes only: leave the victim's own sends out of the "before" as well
    long msaBeforeCrash = sim.total(Counter.MSA_SENT) - sim.node(victim).stats().get(Counter.MSA_SENT);
    long crashAt = sim.nanoTime();
    sim.kill(victim);
    boolean agreed = sim.runUntil(() -> sim.viewsAgree(), Duration.ofMillis(1), Duration.ofSeconds(30));
    double agreeMs = (sim.nanoTime() - crashAt) / 1e6;
    boolean joined = sim.runUntil(() -> converged(sim, n - 1), Duration.ofMillis(1), Duration.ofSeconds(30));
    double oneMeshMs = (sim.nanoTime() - crashAt) / 1e6;
    System.out.printf("crash %s: views agree %s after %.1f ms virtual; one mesh again %s after %.1f ms virtual; "
            + "%d MSA transmissions; %d ms wall%n",
        victim, agreed ? "yes" : "NO", agreeMs, joined ? "yes" : "NO", oneMeshMs,
        sim.total(Counter.MSA_SENT) - msaBeforeCrash, (System.nanoTime() - crashWall) / 1_000_000);
    System.out.printf("total wall time: %d ms; CPU time of the simulation thread: %d ms%n",
        (System.nanoTime() - wall) / 1_000_000,
        java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000);

    long steady = System.nanoTime();
    sim.runFor(Duration.ofMinutes(1));
    System.out.printf("one simulated minute of %d nodes: %d ms wall%n", n, (System.nanoTime() - steady) / 1_000_000);
  }

  /** All n nodes alive in one mesh, and every view equal to the true topology. */
  static boolean converged(Simulation sim, int n) {
    return sim.liveNodes().size() == n && sim.oneMesh() && sim.viewsAgree();
  }
}
