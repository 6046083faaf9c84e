package io.meshage.cli.scenario;

import io.meshage.cli.scenario.Action.Traffic;
import io.meshage.cli.scenario.Scenario.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the scenario line DSL: {@code topology ...}, {@code run}, {@code sample}, {@code wire},
 * {@code seed} and {@code at TIME ACTION ...} lines; {@code #} starts a comment. Every error is a
 * {@link ScenarioException} naming the line and the field. The grammar is in the README.
 */
public final class ScenarioParser {
  private static final int MAX_NODES = 20_000;
  private static final long MAX_SAMPLES = 1_000_000;
  private static final long MAX_SENDS = 1_000_000;
  private final Path baseDir;
  private Topology topology;
  private Long runNanos;
  private long sampleNanos = 100_000_000L;
  private boolean wire = true;
  private Long seed;
  private final List<Event> events = new ArrayList<>();
  private final List<int[]> nameChecks = new ArrayList<>();
  private final List<List<String>> namesToCheck = new ArrayList<>();
  private final Set<String> settingsGiven = new java.util.HashSet<>();
  private int sampleLine;
  private int runLine;

  private ScenarioParser(Path baseDir) {
    this.baseDir = baseDir;
  }

  /** Parses a scenario file; {@code topology dot file=...} paths are relative to its folder. */
  public static Scenario parse(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    return new ScenarioParser(dir).parseAll(Files.readAllLines(file));
  }

  /** Parses scenario text; DOT files are looked up relative to {@code baseDir}. */
  public static Scenario parse(String text, Path baseDir) {
    return new ScenarioParser(baseDir).parseAll(Arrays.asList(text.split("\n", -1)));
  }

  private Scenario parseAll(List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String body = (hash >= 0 ? line.substring(0, hash) : line).trim();
      if (!body.isEmpty()) {
        parseLine(i + 1, body, body.split("\\s+"));
      }
    }
    if (lines.stream().allMatch(l -> l.isBlank())) {
      throw new ScenarioException(1, "topology", "the file is empty (it needs a 'topology' line, then events)");
    }
    if (topology == null) {
      throw new ScenarioException(lines.size(), "topology", "missing: the file needs a 'topology' line");
    }
    Set<String> known = Set.copyOf(topology.names());
    for (int i = 0; i < nameChecks.size(); i++) {
      for (String n : namesToCheck.get(i)) {
        if (!known.contains(n)) {
          throw new ScenarioException(nameChecks.get(i)[0], "node", "no node '" + n + "' in the topology");
        }
      }
    }
    List<Event> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingLong(Event::atNanos));
    long last = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1).atNanos();
    long run = runNanos != null ? runNanos : last + 30_000_000_000L;
    if (run < last) {
      throw new ScenarioException(sorted.get(sorted.size() - 1).line(), "at",
          "event after the end of the run (" + Units.format(run) + ")");
    }
    if (sampleNanos > run) {
      throw new ScenarioException(sampleLine > 0 ? sampleLine : runLine, "sample", Units.format(sampleNanos) + " is longer than the run ("
          + Units.format(run) + ")");
    }
    if (run / sampleNanos > MAX_SAMPLES) {
      throw new ScenarioException(sampleLine > 0 ? sampleLine : runLine, "sample", Units.format(sampleNanos)
          + " over a run of " + Units.format(run) + " is " + (run / sampleNanos + 1) + " samples; at most "
          + MAX_SAMPLES + " (sample less often)");
    }
    for (Event e : sorted) {
      if (e.action() instanceof Action.Traffic t && t.perSecond() * t.forNanos() / 1e9 > MAX_SENDS) {
        throw new ScenarioException(e.line(), "traffic", (long) (t.perSecond() * t.forNanos() / 1e9)
            + " sends; at most " + MAX_SENDS + " per traffic line");
      }
    }
    ScenarioChecks.check(topology, sorted);
    return new Scenario(topology, run, sampleNanos, wire, seed, sorted);
  }

  private void parseLine(int line, String text, String[] w) {
    if (!w[0].equals("at") && !w[0].equals("topology") && !settingsGiven.add(w[0])
        && Set.of("run", "sample", "seed", "wire").contains(w[0])) {
      throw new ScenarioException(line, w[0], "given twice");
    }
    switch (w[0]) {
      case "topology" -> {
        if (topology != null) {
          throw new ScenarioException(line, "topology", "given twice");
        }
        topology = TopologyParser.parse(line, w, baseDir, MAX_NODES);
      }
      case "run" -> {
        runNanos = positive(line, "run", one(line, w, "run"));
        runLine = line;
      }
      case "sample" -> {
        sampleNanos = positive(line, "sample", one(line, w, "sample"));
        sampleLine = line;
      }
      case "seed" -> {
        try {
          seed = Long.parseLong(one(line, w, "seed"));
        } catch (NumberFormatException e) {
          throw new ScenarioException(line, "seed", "not a whole number: '" + w[1] + "'");
        }
      }
      case "wire" -> {
        String v = one(line, w, "wire");
        if (!v.equals("on") && !v.equals("off")) {
          throw new ScenarioException(line, "wire", "expected on or off, got '" + v + "'");
        }
        wire = v.equals("on");
      }
      case "at" -> {
        if (w.length < 3) {
          throw new ScenarioException(line, "at", "expected 'at TIME ACTION ...'");
        }
        long at = Units.duration(line, "at", w[1]);
        String[] rest = Arrays.copyOfRange(w, 2, w.length);
        events.add(new Event(at, line, String.join(" ", rest), action(line, rest)));
      }
      default -> throw new ScenarioException(line, "keyword",
          "unknown '" + w[0] + "' (expected topology, run, sample, wire, seed or at)");
    }
  }

  private Action action(int line, String[] w) {
    String verb = w[0];
    List<String> args = Arrays.asList(w).subList(1, w.length);
    switch (verb) {
      case "crash" -> {
        if (args.size() == 1 && args.get(0).matches("\\d+")) {
          int k = Units.integer(line, "crash", args.get(0), 1, MAX_NODES);
          return new Action.Crash(k, List.of());
        }
        return new Action.Crash(0, names(line, "crash", args, true));
      }
      case "restart" -> {
        return new Action.Restart(names(line, "restart", args, false));
      }
      case "freeze" -> {
        return new Action.Freeze(names(line, "freeze", args, true));
      }
      case "unfreeze" -> {
        return new Action.Unfreeze(names(line, "unfreeze", args, true));
      }
      case "partition" -> {
        return partition(line, args);
      }
      case "heal" -> {
        none(line, "heal", args);
        return new Action.Heal();
      }
      case "loss" -> {
        return new Action.Loss(Units.probability(line, "loss", single(line, "loss", args)));
      }
      case "drop" -> {
        return new Action.Drop(Units.probability(line, "drop", single(line, "drop", args)));
      }
      case "delay" -> {
        return delay(line, args);
      }
      case "flap" -> {
        return flap(line, args);
      }
      case "cut", "mend" -> {
        if (args.size() != 2) {
          throw new ScenarioException(line, verb, "expected '" + verb + " NODE NODE'");
        }
        names(line, verb, args, true);
        if (args.get(0).equals(args.get(1))) {
          throw new ScenarioException(line, verb, "needs two different nodes");
        }
        return verb.equals("cut") ? new Action.Cut(args.get(0), args.get(1)) : new Action.Mend(args.get(0), args.get(1));
      }
      case "degree" -> {
        if (args.isEmpty()) {
          throw new ScenarioException(line, "degree", "expected 'degree D [NODE ...]'");
        }
        int d = Units.integer(line, "degree", args.get(0), 1, 1000);
        List<String> who = args.subList(1, args.size());
        return new Action.Degree(d, names(line, "degree", who, false));
      }
      case "traffic" -> {
        return traffic(line, args);
      }
      case "snapshot" -> {
        none(line, "snapshot", args);
        return new Action.Snapshot();
      }
      default -> throw new ScenarioException(line, "action", "unknown '" + verb
          + "' (expected crash, restart, freeze, unfreeze, partition, heal, cut, mend, loss, drop, delay,"
          + " flap, degree, traffic or snapshot)");
    }
  }

  private Action partition(int line, List<String> args) {
    List<Set<String>> sets = new ArrayList<>();
    Set<String> current = new LinkedHashSet<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String a : args) {
      if (a.equals("|")) {
        if (current.isEmpty()) {
          throw new ScenarioException(line, "partition", "empty set before '|'");
        }
        sets.add(current);
        current = new LinkedHashSet<>();
        continue;
      }
      if (!seen.add(a)) {
        throw new ScenarioException(line, "partition", "node '" + a + "' in two sets");
      }
      current.add(a);
    }
    if (current.isEmpty()) {
      throw new ScenarioException(line, "partition", "expected 'partition NODE ... [| NODE ...]'");
    }
    sets.add(current);
    names(line, "partition", new ArrayList<>(seen), true);
    return new Action.Partition(sets);
  }

  private Action delay(int line, List<String> args) {
    if (args.size() == 1) {
      long d = Units.duration(line, "delay", args.get(0));
      return new Action.Delay(false, d, d, null, null);
    }
    if (args.size() == 3 && args.get(0).equals("uniform")) {
      long min = Units.duration(line, "delay min", args.get(1));
      long max = Units.duration(line, "delay max", args.get(2));
      if (max < min) {
        throw new ScenarioException(line, "delay max", "below delay min");
      }
      return new Action.Delay(true, min, max, null, null);
    }
    if (args.size() == 3) {
      names(line, "delay", args.subList(0, 2), true);
      if (args.get(0).equals(args.get(1))) {
        throw new ScenarioException(line, "delay", "a link needs two different nodes");
      }
      long d = Units.duration(line, "delay", args.get(2));
      return new Action.Delay(false, d, d, args.get(0), args.get(1));
    }
    throw new ScenarioException(line, "delay",
        "expected 'delay D', 'delay uniform MIN MAX' or 'delay NODE NODE D'");
  }

  private Action flap(int line, List<String> args) {
    Map<String, String> opts = options(line, "flap", args, 2, Set.of("times", "every"));
    names(line, "flap", args.subList(0, 2), true);
    if (args.get(0).equals(args.get(1))) {
      throw new ScenarioException(line, "flap", "needs two different nodes");
    }
    int times = Units.integer(line, "times", opts.getOrDefault("times", "1"), 1, 10_000);
    long every = Units.duration(line, "every", opts.getOrDefault("every", "1s"));
    if (every <= 0) {
      throw new ScenarioException(line, "every", "must be above zero");
    }
    return new Action.Flap(args.get(0), args.get(1), times, every);
  }

  private Action traffic(int line, List<String> args) {
    if (args.isEmpty()) {
      throw new ScenarioException(line, "traffic", "expected 'traffic set|broadcast|request rate=N/s for=D'");
    }
    Traffic.Kind kind = switch (args.get(0)) {
      case "set" -> Traffic.Kind.SET;
      case "broadcast" -> Traffic.Kind.BROADCAST;
      case "request" -> Traffic.Kind.REQUEST;
      default -> throw new ScenarioException(line, "traffic",
          "unknown kind '" + args.get(0) + "' (expected set, broadcast or request)");
    };
    Map<String, String> opts = options(line, "traffic", args, 1, Set.of("rate", "for", "to"));
    if (!opts.containsKey("rate") || !opts.containsKey("for")) {
      throw new ScenarioException(line, "traffic", "needs rate=N/s and for=DURATION");
    }
    double rate = Units.rate(line, opts.get("rate"));
    long dur = positive(line, "for", opts.get("for"));
    int to = Units.integer(line, "to", opts.getOrDefault("to", "1"), 1, MAX_NODES);
    if (kind != Traffic.Kind.SET && opts.containsKey("to")) {
      throw new ScenarioException(line, "to", "only for traffic set");
    }
    return new Action.Traffic(kind, rate, dur, to);
  }

  private static Map<String, String> options(
      int line, String field, List<String> args, int positional, Set<String> allowed) {
    if (args.size() < positional) {
      throw new ScenarioException(line, field, "expected " + positional + " argument(s) before the options");
    }
    Map<String, String> m = new HashMap<>();
    for (String a : args.subList(positional, args.size())) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw new ScenarioException(line, field, "expected KEY=VALUE, got '" + a + "'");
      }
      String k = a.substring(0, eq);
      if (!allowed.contains(k)) {
        throw new ScenarioException(line, k, "unknown option of " + field + " (allowed: "
            + String.join(", ", allowed.stream().sorted().toList()) + ")");
      }
      m.put(k, a.substring(eq + 1));
    }
    return m;
  }

  private List<String> names(int line, String field, List<String> args, boolean required) {
    if (required && args.isEmpty()) {
      throw new ScenarioException(line, field, "expected one or more node names");
    }
    List<String> copy = List.copyOf(args);
    nameChecks.add(new int[] {line});
    namesToCheck.add(copy);
    return copy;
  }

  private static String one(int line, String[] w, String field) {
    if (w.length != 2) {
      throw new ScenarioException(line, field, "expected exactly one value");
    }
    return w[1];
  }

  private static String single(int line, String field, List<String> args) {
    if (args.size() != 1) {
      throw new ScenarioException(line, field, "expected exactly one value");
    }
    return args.get(0);
  }

  private static void none(int line, String field, List<String> args) {
    if (!args.isEmpty()) {
      throw new ScenarioException(line, field, "takes no arguments, got '" + String.join(" ", args) + "'");
    }
  }

  private static long positive(int line, String field, String v) {
    long d = Units.duration(line, field, v);
    if (d <= 0) {
      throw new ScenarioException(line, field, "must be above zero");
    }
    return d;
  }
}
