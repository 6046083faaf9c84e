package io.meshage.cli.scenario;

import io.meshage.Counter;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.cli.scenario.Action.Traffic;
import io.meshage.cli.scenario.Scenario.Event;
import io.meshage.sim.Simulation;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * Plays a {@link Scenario} on the simulator in virtual time: builds the topology, applies each
 * event at its moment, runs the traffic, samples the mesh every sampling interval, and reports per
 * event the time until the views agree and until one mesh again, with the MSAs and bytes sent.
 */
public final class ScenarioRunner {
  /** The command id the request traffic uses. */
  static final int REQUEST_COMMAND = 10_001;
  private static final long REDIAL_NANOS = 3_000_000_000L;
  private static final Counter[] KEPT = {Counter.MSA_SENT, Counter.BYTES_OUT};

  private final Scenario scenario;
  private final long seed;
  private final Simulation sim;
  private final Random random;
  private final ScenarioOutput output;
  private final TrafficLog traffic = new TrafficLog();
  private final List<EventFigures.Moment> moments = new ArrayList<>();
  private final List<Sample> samples = new ArrayList<>();
  private Set<List<String>> lastLinks = Set.of();
  private final Set<String> frozen = new TreeSet<>();
  private final Map<String, Long> retired = new TreeMap<>();
  private final Set<List<String>> fixedEdges = new java.util.LinkedHashSet<>();
  private long nextId;
  private LongConsumer progress = ms -> {};

  public ScenarioRunner(Scenario scenario, long seed, ScenarioOutput output) {
    this.scenario = scenario;
    this.seed = seed;
    this.sim = new Simulation(seed).wire(scenario.wire());
    this.random = random(seed);
    this.output = output;
  }

  private static Random random(long seed) {
    return new Random(seed ^ 0x5CE7A210L);
  }

  /** The edges a run with {@code seed} dials (a random topology draws them first from the seed). */
  public static List<List<String>> fixedEdges(Topology t, long seed) {
    return t.edges(random(seed));
  }

  /** Runs the whole scenario; {@code progress} gets the virtual time reached, in ms. */
  public void run(PrintWriter out, LongConsumer progress) throws IOException {
    this.progress = progress;
    Topology t = scenario.topology();
    out.println("scenario: " + t.names().size() + " nodes, topology " + t.kind().name().toLowerCase()
        + (t.discovery() ? " degree " + t.degree() : "") + ", run " + Units.format(scenario.runNanos())
        + ", sample " + Units.format(scenario.sampleNanos()) + ", wire " + (scenario.wire() ? "on" : "off")
        + ", seed " + seed);
    if (!t.note().isEmpty()) {
      out.println("topology " + t.note());
    }
    t.linkDelays().forEach((e, d) -> sim.delay(e.get(0), e.get(1), Duration.ofNanos(d)));
    for (String name : t.names()) {
      sim.addNode(config(name));
      prepare(name);
    }
    if (!t.discovery()) {
      fixedEdges.addAll(t.edges(random));
      fixedEdges.forEach(e -> dial(e.get(0), e.get(1)));
    }
    moments.add(new EventFigures.Moment(0, "start (formation)"));
    // A sample at every grid moment and at every event's, taken before the event acts (lower seq).
    Set<Long> sampleAt = new TreeSet<>();
    for (long s = 0; s <= scenario.runNanos(); s += scenario.sampleNanos()) {
      sampleAt.add(s);
    }
    scenario.events().forEach(e -> sampleAt.add(e.atNanos()));
    sampleAt.add(scenario.runNanos());
    sampleAt.forEach(at -> schedule(at, () -> sample(at)));
    for (Event e : scenario.events()) {
      schedule(e.atNanos(), () -> apply(e, out));
    }
    // the simulator runs each task after the nodes' events of its moment, those of one moment in
    // the order scheduled; the run ends with the tasks at its last moment
    sim.runFor(Duration.ofNanos(scenario.runNanos() - sim.nanoTime()));
    report(out);
  }

  private MeshConfig config(String name) {
    return MeshConfig.builder(name)
        .degree(scenario.topology().degree())
        .discoveryPort(scenario.topology().discovery() ? 9000 : 0)
        .bindAddress("127.0.0.1")
        .broadcastAddress("127.255.255.255")
        .build();
  }

  /** Registers the receipt handlers on a node's current incarnation. */
  private void prepare(String name) {
    MeshNode node = sim.node(name);
    node.onMessage(m -> {
      if (m.body() instanceof String s) {
        traffic.received(name, s);
      }
    });
    node.commands().handleCommand(REQUEST_COMMAND, (req, sender) -> {
      traffic.received(name, String.valueOf(req.get("id")));
      return Map.of();
    });
  }

  private void dial(String a, String b) {
    Set<String> live = sim.liveNodes();
    if (live.contains(a) && live.contains(b) && !sim.node(a).neighbors().contains(b)) {
      sim.node(a).dialAsync(sim.node(b).listenAddress());
    }
  }

  /** Runs {@code r} at {@code at} ns of virtual time (see {@link Simulation#at}), then reports progress. */
  private void schedule(long at, Runnable r) {
    sim.at(Duration.ofNanos(at), () -> {
      r.run();
      progress.accept(sim.nanoTime() / 1_000_000);
    });
  }

  private long total(Counter c) {
    long t = retired.getOrDefault(c.name(), 0L);
    for (String n : scenario.topology().names()) {
      t += sim.node(n).stats().get(c);
    }
    return t;
  }

  // ------------------------------------------------------------------ events

  private void apply(Event e, PrintWriter out) {
    String detail = act(e.action());
    String label = e.text() + (detail.isEmpty() ? "" : " (" + detail + ")");
    out.println("t=" + Units.format(e.atNanos()) + " " + label);
    moments.add(new EventFigures.Moment(e.atNanos(), label));
  }

  private String act(Action a) {
    Set<String> live = sim.liveNodes();
    if (a instanceof Action.Crash c) {
      List<String> victims = new ArrayList<>(c.names());
      if (victims.isEmpty()) {
        List<String> pool = new ArrayList<>(live);
        Collections.shuffle(pool, random);
        victims = new ArrayList<>(new TreeSet<>(pool.subList(0, Math.min(c.count(), pool.size()))));
      }
      victims.forEach(v -> {
        sim.kill(v);
        frozen.remove(v);
      });
      return String.join(" ", victims);
    } else if (a instanceof Action.Restart r) {
      List<String> who = new ArrayList<>(r.names());
      if (who.isEmpty()) {
        who = new ArrayList<>(scenario.topology().names());
        who.removeAll(live);
      }
      who.forEach(this::restart);
      if (!who.isEmpty()) {
        redialFixed();
      }
      return String.join(" ", who);
    } else if (a instanceof Action.Freeze f) {
      f.names().stream().filter(live::contains).forEach(n -> {
        sim.faults(n).freeze();
        frozen.add(n);
      });
    } else if (a instanceof Action.Unfreeze f) {
      f.names().stream().filter(live::contains).forEach(n -> {
        sim.faults(n).unfreeze();
        frozen.remove(n);
      });
      redialFixed();
    } else if (a instanceof Action.Partition p) {
      partition(p.sets(), live);
    } else if (a instanceof Action.Heal) {
      sim.heal();
      live.forEach(n -> sim.faults(n).heal());
      redialFixed();
    } else if (a instanceof Action.Cut c) {
      sim.faults(c.a()).block(List.of(c.b()));
      sim.faults(c.b()).block(List.of(c.a()));
    } else if (a instanceof Action.Mend m) {
      sim.faults(m.a()).unblock(List.of(m.b()));
      sim.faults(m.b()).unblock(List.of(m.a()));
      redialFixed();
    } else if (a instanceof Action.Loss l) {
      sim.loss(l.probability());
    } else if (a instanceof Action.Drop d) {
      sim.drop(d.probability());
    } else if (a instanceof Action.Delay d) {
      if (d.a() != null) {
        sim.delay(d.a(), d.b(), Duration.ofNanos(d.minNanos()));
      } else if (d.uniform()) {
        live.forEach(n -> sim.faults(n).delay(Duration.ofNanos(d.minNanos()), Duration.ofNanos(d.maxNanos())));
      } else {
        sim.defaultDelay(Duration.ofNanos(d.minNanos()));
      }
    } else if (a instanceof Action.Flap f) {
      long now = sim.nanoTime();
      for (int i = 0; i < f.times(); i++) {
        schedule(now + i * f.everyNanos(), () -> sim.cut(f.a(), f.b()));
        schedule(now + i * f.everyNanos() + f.everyNanos() / 2, () -> dial(f.a(), f.b()));
      }
    } else if (a instanceof Action.Degree d) {
      List<String> who = d.names().isEmpty() ? new ArrayList<>(live) : d.names();
      who.stream().filter(live::contains).forEach(n -> sim.node(n).setDegree(d.degree()));
    } else if (a instanceof Action.Traffic t) {
      startTraffic(t);
    } else if (a instanceof Action.Snapshot) {
      try {
        return output.snapshot(sim.nanoTime(), MeshView.dot(sim.trueTopology(), sim.nanoTime())).toString();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return "";
  }

  private void restart(String name) {
    MeshNode old = sim.node(name);
    for (Counter c : KEPT) {
      retired.merge(c.name(), old.stats().get(c), Long::sum);
    }
    sim.restart(name);
    frozen.remove(name);
    prepare(name);
    for (List<String> e : fixedEdges) {
      if (e.contains(name)) {
        dial(name, e.get(0).equals(name) ? e.get(1) : e.get(0));
      }
    }
  }

  /**
   * A fixed topology has no discovery to mend it: after a heal, unfreeze or restart the runner dials the
   * missing edges again, now and once more {@value #REDIAL_NANOS} ns later (when links that died
   * by keepalive on one side only are gone on both).
   */
  private void redialFixed() {
    if (fixedEdges.isEmpty()) {
      return;
    }
    Runnable all = () -> fixedEdges.forEach(e -> dial(e.get(0), e.get(1)));
    all.run();
    schedule(sim.nanoTime() + REDIAL_NANOS, all);
  }

  /** Two sets: the simulator's partition; more: each node blocks the nodes outside its set. */
  private void partition(List<Set<String>> given, Set<String> live) {
    List<Set<String>> sets = new ArrayList<>(given);
    Set<String> rest = new TreeSet<>(scenario.topology().names());
    given.forEach(rest::removeAll);
    if (!rest.isEmpty()) {
      sets.add(rest);
    }
    if (sets.size() == 2) {
      sim.partition(sets.get(0));
      return;
    }
    for (Set<String> side : sets) {
      List<String> others = new ArrayList<>(scenario.topology().names());
      others.removeAll(side);
      side.stream().filter(live::contains).forEach(n -> sim.faults(n).block(others));
    }
  }

  private void startTraffic(Traffic t) {
    long start = sim.nanoTime();
    long count = (long) Math.floor(t.perSecond() * t.forNanos() / 1e9);
    for (long i = 0; i < count; i++) {
      schedule(start + (long) (i * 1e9 / t.perSecond()), () -> send(t));
    }
  }

  private void send(Traffic t) {
    List<String> live = new ArrayList<>(sim.liveNodes());
    live.removeAll(frozen);
    if (live.size() < 2) {
      return;
    }
    String origin = live.get(random.nextInt(live.size()));
    live.remove(origin);
    long id = nextId++;
    String body = "m" + id;
    long sentAt = sim.nanoTime();
    MeshNode node = sim.node(origin);
    traffic.sent();
    try {
      switch (t.kind()) {
        case SET -> {
          Collections.shuffle(live, random);
          List<String> to = new ArrayList<>(new TreeSet<>(live.subList(0, Math.min(t.recipients(), live.size()))));
          node.setAsync(to, body).whenComplete((d, e) -> traffic.delivery(id, "set", sentAt, sim.nanoTime(), d, e));
        }
        case BROADCAST -> node.broadcastAsync(body)
            .whenComplete((d, e) -> traffic.delivery(id, "broadcast", sentAt, sim.nanoTime(), d, e));
        default -> {
          String target = live.get(random.nextInt(live.size()));
          node.commands().sendRequest(REQUEST_COMMAND, target, Map.of("id", body))
              .whenComplete((r, e) -> traffic.request(id, target, sentAt, sim.nanoTime(), e));
        }
      }
    } catch (IllegalArgumentException e) {
      // a recipient the origin does not know (yet, or any more): refused at the call
      traffic.notInMesh();
    }
  }

  // ------------------------------------------------------------------ samples and report

  private void sample(long at) {
    Map<String, Set<String>> truth = sim.trueTopology();
    output.frame(at, truth);
    List<Set<String>> parts = MeshView.components(truth);
    boolean agree = MeshView.agree(sim, truth);
    boolean one = parts.size() == 1 && MeshView.oneMesh(sim);
    Set<List<String>> links = MeshView.links(truth);
    int lost = (int) lastLinks.stream().filter(l -> !links.contains(l)).count();
    int made = (int) links.stream().filter(l -> !lastLinks.contains(l)).count();
    lastLinks = links;
    int largest = parts.stream().mapToInt(Set::size).max().orElse(0);
    Sample s = new Sample(at, truth.size(), parts.size(), largest, MeshView.smallestView(sim), agree, one,
        links.size(), lost, made, total(Counter.MSA_SENT), total(Counter.BYTES_OUT), traffic.count("delivered"),
        traffic.count("TIMEOUT"), traffic.count("UNREACHABLE"));
    samples.add(s);
    output.sample(s);
  }

  private void report(PrintWriter out) throws IOException {
    List<EventFigures.Figure> figures = EventFigures.of(moments, samples, scenario.runNanos());
    out.println("per event (from timeline.csv, to the next event: true links lost/made; time until the views"
        + " agree and no link changes any more, and until moreover one mesh; MSAs and bytes sent until the views"
        + " agree):");
    figures.forEach(f -> out.println("  " + line(f)));
    traffic.summary().forEach(out::println);
    out.println("end: " + sim.liveNodes().size() + " live nodes, " + sim.eventsRun() + " simulator events");
    output.finish(figures, traffic.verdicts());
    out.println("wrote " + output.describe());
    out.flush();
  }

  /** One event's figures as the report prints them. */
  static String line(EventFigures.Figure f) {
    String never = "not within " + Units.format(f.windowEnd() - f.at());
    String agree = f.agreeAt() < 0 ? never : "+" + Units.format(f.agreeAt() - f.at());
    String mesh = f.meshAt() < 0 ? never : "+" + Units.format(f.meshAt() - f.at());
    return "t=" + Units.format(f.at()) + " " + f.label() + ": links -" + f.linksLost() + " +" + f.linksMade()
        + "; agree " + agree + ", one mesh " + mesh + "; " + f.msa() + " MSAs, " + f.bytes() + " bytes"
        + (f.agreeAt() < 0 ? " in the window" : "");
  }
}
