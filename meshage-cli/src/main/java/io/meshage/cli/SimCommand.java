package io.meshage.cli;

import io.meshage.Counter;
import io.meshage.MeshConfig;
import io.meshage.cli.scenario.MeshView;
import io.meshage.sim.Simulation;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meshage sim}: a failure-injection experiment in the deterministic simulator (virtual
 * time, in-memory links): N nodes converge, k random nodes crash, and the survivors' time to agree
 * on the new topology is reported. The seed replays a run event for event.
 */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Simulate N nodes (virtual time), crash k of them, report the time to re-converge.",
      "Converged: all nodes form one mesh and every live node's view equals the true",
      "links of its connected component; re-converged: the views agree again after the crashes;",
      "one mesh again: the survivors (when the crashes split them) have reconnected into one."
    })
final class SimCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--nodes", defaultValue = "16", description = "nodes, 2-1000 (default ${DEFAULT-VALUE})")
  int nodes;

  @Option(names = "--degree", defaultValue = "3", description = "degree (default ${DEFAULT-VALUE})")
  int degree;

  @Option(names = "--kill", defaultValue = "1", description = "nodes to crash after convergence (default ${DEFAULT-VALUE})")
  int kill;

  @Option(names = "--seed", description = "random seed (default: random, printed)")
  Long seed;

  @Option(names = "--max", defaultValue = "120s", converter = Durations.Converter.class,
      description = "virtual time allowed per phase (default ${DEFAULT-VALUE})")
  Duration max;

  @CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO",
      description = "a scenario file (see README, \"Run a failure-injection experiment\");"
          + " without it, the --nodes/--kill experiment")
  java.nio.file.Path scenario;

  @Option(names = "--out", defaultValue = "sim-out",
      description = "folder for a scenario's CSV, PNG and DOT files (default ${DEFAULT-VALUE})")
  java.nio.file.Path outDir;

  @Option(names = "--no-progress", description = "no progress bar for a scenario")
  boolean noProgress;

  @Option(names = "--no-plots", description = "no PNG plots for a scenario")
  boolean noPlots;

  @Option(names = "--html", paramLabel = "FILE",
      description = "also write the run as one self-contained HTML replay: the topology at any moment "
          + "(time slider), the events on a timeline, convergence times and verdicts")
  java.nio.file.Path html;

  @Option(names = "--plan", description = "check the scenario and print its nodes and links (with their"
      + " delays, ns) instead of running it; tools/testbed reads this")
  boolean plan;

  @Override
  public Integer call() throws Exception {
    if (html != null && scenario == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--html is for a SCENARIO run: give a scenario file");
    }
    if (scenario != null) {
      return plan ? ScenarioSim.plan(spec.commandLine(), scenario, seed)
          : ScenarioSim.run(spec.commandLine(), scenario, seed, outDir, !noProgress, !noPlots, html);
    }
    if (nodes < 2 || nodes > 1000) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--nodes must be in [2, 1000], got " + nodes);
    }
    if (kill < 0 || kill >= nodes) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--kill must be in [0, " + (nodes - 1) + "], got " + kill);
    }
    if (degree < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--degree must be >= 1, got " + degree);
    }
    PrintWriter out = spec.commandLine().getOut();
    long s = seed != null ? seed : new Random().nextLong();
    out.println("sim: " + nodes + " nodes, degree " + degree + ", kill " + kill + ", seed " + s);
    Simulation sim = new Simulation(s);
    for (int i = 1; i <= nodes; i++) {
      sim.addNode(config(String.format("n%0" + String.valueOf(nodes).length() + "d", i)));
    }
    if (!phase(sim, "converged", () -> oneMesh(sim) && consistent(sim), out)) {
      return 1;
    }
    List<String> victims = new ArrayList<>(sim.liveNodes());
    Collections.shuffle(victims, new Random(s));
    victims = new ArrayList<>(new TreeSet<>(victims.subList(0, kill)));
    victims.forEach(sim::kill);
    int split = components(sim.trueTopology()).size();
    out.println("killed: " + String.join(" ", victims)
        + (split > 1 ? " (the crashes split the mesh into " + split + " parts)" : ""));
    Duration crashed = sim.elapsed();
    if (!phase(sim, "re-converged (views agree)", () -> consistent(sim), out)) {
      return 1;
    }
    // Crashes that split the mesh leave parts with free degree: they find each other and merge.
    if (!phase(sim, "one mesh again", crashed, () -> oneMesh(sim) && consistent(sim), out)) {
      return 1;
    }
    out.println("msa originated " + sim.total(Counter.MSA_ORIGINATED) + ", forwarded "
        + sim.total(Counter.MSA_FORWARDED) + ", keepalive timeouts "
        + sim.total(Counter.KEEPALIVE_TIMEOUTS) + " (live nodes)");
    out.flush();
    return 0;
  }

  private MeshConfig config(String name) {
    return MeshConfig.builder(name)
        .degree(degree)
        .discoveryPort(9000)
        .bindAddress(DemoCommand.LOOPBACK)
        .broadcastAddress(DemoCommand.LOOPBACK_BROADCAST)
        .build();
  }

  /** Runs until the views agree with the truth; prints the virtual time it took. */
  private boolean phase(Simulation sim, String what, BooleanSupplier done, PrintWriter out) {
    return phase(sim, what, sim.elapsed(), done, out);
  }

  /** As above, with the time counted from {@code start} (an earlier moment of virtual time). */
  private boolean phase(Simulation sim, String what, Duration start, BooleanSupplier done, PrintWriter out) {
    boolean reached = sim.runUntil(done, Duration.ofMillis(10), max);
    Duration took = sim.elapsed().minus(start);
    if (!reached) {
      out.println("not " + what + " within " + Durations.format(max) + " of virtual time");
      out.flush();
      return false;
    }
    List<Set<String>> parts = components(sim.trueTopology());
    out.println(what + " after " + Durations.format(took) + " (virtual): " + sim.liveNodes().size()
        + " nodes in " + parts.size() + " component" + (parts.size() == 1 ? "" : "s")
        + (parts.size() == 1 ? "" : " (the crashes split the mesh)"));
    out.flush();
    return true;
  }

  /** Whether every live node sees every live node and their true links connect them all. */
  private static boolean oneMesh(Simulation sim) {
    return sim.oneMesh();
  }

  /** Whether every live node's view equals the true links of its component (dead nodes gone). */
  private static boolean consistent(Simulation sim) {
    return MeshView.agree(sim, sim.trueTopology());
  }

  private static List<Set<String>> components(Map<String, Set<String>> graph) {
    return MeshView.components(graph);
  }
}
