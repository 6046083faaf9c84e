package io.meshage.tools.routing;

import io.meshage.routing.LinkStateDatabase;
import io.meshage.routing.Lollipop;
import io.meshage.routing.Msa;
import io.meshage.routing.RouteTable;
import io.meshage.routing.Topology;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one topology change: a changed MSA is accepted into the link-state database, then
 * the topology and the route table are recomputed. Random connected graph, average degree 4.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RoutingBenchmark {
  private static final int AVERAGE_DEGREE = 4;

  @Param({"1000", "10000"})
  public int nodes;

  private LinkStateDatabase database;
  private List<Set<String>> neighbors;
  private int[] sequence;
  private boolean[] cut;
  private int next;
  private long now;

  /** Builds the graph and fills the database with one MSA per node. */
  @Setup(Level.Trial)
  public void setUp() {
    neighbors = randomConnectedGraph(nodes, new Random(42));
    database = new LinkStateDatabase(name(0), 1);
    database.originate(neighbors.get(0), Map.of(), 0);
    sequence = new int[nodes];
    cut = new boolean[nodes];
    for (int i = 1; i < nodes; i++) {
      sequence[i] = Lollipop.first();
      database.offer(new Msa(name(i), 1, sequence[i], neighbors.get(i), Map.of()), 0);
    }
    next = 1;
  }

  /** One node drops (or restores) a link in a new MSA; routes are recomputed from scratch. */
  @Benchmark
  public RouteTable acceptChangeAndRecompute() {
    int i = next;
    next = next == nodes - 1 ? 1 : next + 1;
    LinkStateDatabase.Offer offer = database.offer(changedMsa(i), ++now);
    if (offer.verdict() != LinkStateDatabase.Verdict.NEW) {
      throw new IllegalStateException("expected NEW, got " + offer);
    }
    Topology topology = database.topology();
    return RouteTable.compute(topology, database.self());
  }

  /** The worst case (an origin came or went): topology and routes rebuilt from every MSA. */
  @Benchmark
  public RouteTable rebuildFromScratch() {
    return RouteTable.compute(Topology.fromMsas(database.all()), database.self());
  }

  private Msa changedMsa(int i) {
    sequence[i] = Lollipop.next(sequence[i]);
    cut[i] = !cut[i];
    Set<String> announced = new HashSet<>(neighbors.get(i));
    if (cut[i]) {
      announced.remove(announced.iterator().next());
    }
    return new Msa(name(i), 1, sequence[i], announced, Map.of());
  }

  static String name(int i) {
    return "node-" + i;
  }

  /** A random spanning tree plus random extra links up to {@code n * degree / 2} links. */
  static List<Set<String>> randomConnectedGraph(int n, Random random) {
    List<Set<String>> adjacency = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      adjacency.add(new HashSet<>());
    }
    long links = 0;
    for (int i = 1; i < n; i++) {
      links += link(adjacency, i, random.nextInt(i)) ? 1 : 0;
    }
    long wanted = (long) n * AVERAGE_DEGREE / 2;
    while (links < wanted && n > 2) {
      int a = random.nextInt(n);
      int b = random.nextInt(n);
      links += a != b && link(adjacency, a, b) ? 1 : 0;
    }
    return adjacency;
  }

  private static boolean link(List<Set<String>> adjacency, int a, int b) {
    adjacency.get(b).add(name(a));
    return adjacency.get(a).add(name(b));
  }
}
