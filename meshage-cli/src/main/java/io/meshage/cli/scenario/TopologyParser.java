package io.meshage.cli.scenario;

import io.meshage.cli.scenario.Topology.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code topology} line of a scenario, including an imported DOT graph's edges. */
final class TopologyParser {
  private static final Pattern DOT_EDGE =
      Pattern.compile("\"?([A-Za-z0-9_.-]+)\"?\\s*-[-\\>]\\s*\"?([A-Za-z0-9_.-]+)\"?");
  private static final Pattern DOT_NODE = Pattern.compile("^\\s*\"?([A-Za-z0-9_.-]+)\"?\\s*(\\[.*)?;?\\s*$");
  private static final Set<String> DOT_KEYWORDS = Set.of("graph", "digraph", "node", "edge", "strict", "subgraph");

  private TopologyParser() {}

  static Topology parse(int line, String[] w, Path baseDir, int maxNodes) {
    if (w.length < 2) {
      throw new ScenarioException(line, "topology", "expected a kind: discovery, chain, ring, grid, star, random, dot, graphml or gml");
    }
    Map<String, String> o = new HashMap<>();
    for (int i = 2; i < w.length; i++) {
      int eq = w[i].indexOf('=');
      if (eq <= 0) {
        throw new ScenarioException(line, "topology", "expected KEY=VALUE, got '" + w[i] + "'");
      }
      o.put(w[i].substring(0, eq), w[i].substring(eq + 1));
    }
    String kind = w[1];
    Set<String> allowed = switch (kind) {
      case "discovery" -> Set.of("nodes", "degree");
      case "chain", "ring", "star" -> Set.of("nodes");
      case "grid" -> Set.of("rows", "cols");
      case "random" -> Set.of("nodes", "edges");
      case "dot", "graphml", "gml" -> Set.of("file");
      default -> throw new ScenarioException(line, "topology",
          "unknown kind '" + kind + "' (expected discovery, chain, ring, grid, star, random, dot, graphml or gml)");
    };
    for (String k : o.keySet()) {
      if (!allowed.contains(k)) {
        throw new ScenarioException(line, k, "not an option of topology " + kind
            + " (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")");
      }
    }
    if (kind.equals("dot")) {
      return dot(line, o, baseDir, maxNodes);
    }
    if (kind.equals("graphml") || kind.equals("gml")) {
      if (!o.containsKey("file")) {
        throw new ScenarioException(line, "file", "missing (topology " + kind + " needs file=PATH)");
      }
      Path file = baseDir == null ? Path.of(o.get("file")) : baseDir.resolve(o.get("file"));
      return GraphImport.read(line, kind.equals("gml") ? Kind.GML : Kind.GRAPHML, file, maxNodes);
    }
    if (kind.equals("grid")) {
      int rows = need(line, o, "rows", 1, maxNodes);
      int cols = need(line, o, "cols", 1, maxNodes / rows);
      List<String> names = names(rows * cols);
      List<List<String>> edges = new ArrayList<>();
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          String me = names.get(r * cols + c);
          if (c + 1 < cols) {
            edges.add(Topology.edge(me, names.get(r * cols + c + 1)));
          }
          if (r + 1 < rows) {
            edges.add(Topology.edge(me, names.get((r + 1) * cols + c)));
          }
        }
      }
      return new Topology(Kind.GRID, names, 3, edges, 0);
    }
    int n = need(line, o, "nodes", 2, maxNodes);
    List<String> names = names(n);
    List<List<String>> edges = new ArrayList<>();
    switch (kind) {
      case "discovery" -> {
        int degree = o.containsKey("degree") ? Units.integer(line, "degree", o.get("degree"), 1, 1000) : 3;
        return new Topology(Kind.DISCOVERY, names, degree, edges, 0);
      }
      case "chain", "ring" -> {
        for (int i = 0; i + 1 < n; i++) {
          edges.add(Topology.edge(names.get(i), names.get(i + 1)));
        }
        if (kind.equals("ring") && n > 2) {
          edges.add(Topology.edge(names.get(0), names.get(n - 1)));
        }
        return new Topology(kind.equals("ring") ? Kind.RING : Kind.CHAIN, names, 3, edges, 0);
      }
      case "star" -> {
        for (int i = 1; i < n; i++) {
          edges.add(Topology.edge(names.get(0), names.get(i)));
        }
        return new Topology(Kind.STAR, names, 3, edges, 0);
      }
      default -> {
        long max = (long) n * (n - 1) / 2;
        int m = o.containsKey("edges") ? Units.integer(line, "edges", o.get("edges"), n - 1,
            (int) Math.min(max, 1_000_000)) : Math.min(2 * n, (int) max);
        return new Topology(Kind.RANDOM, names, 3, edges, m);
      }
    }
  }

  /** Names n1..nN, zero-padded to the width of N (n01..n20). */
  static List<String> names(int n) {
    String f = "n%0" + String.valueOf(n).length() + "d";
    List<String> names = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      names.add(String.format(f, i));
    }
    return names;
  }

  private static int need(int line, Map<String, String> o, String key, int min, int max) {
    if (!o.containsKey(key)) {
      throw new ScenarioException(line, key, "missing (topology needs " + key + "=N)");
    }
    return Units.integer(line, key, o.get(key), min, max);
  }

  private static Topology dot(int line, Map<String, String> o, Path baseDir, int maxNodes) {
    if (!o.containsKey("file")) {
      throw new ScenarioException(line, "file", "missing (topology dot needs file=PATH)");
    }
    Path file = baseDir == null ? Path.of(o.get("file")) : baseDir.resolve(o.get("file"));
    List<String> text;
    try {
      text = Files.readAllLines(file);
    } catch (IOException e) {
      throw new ScenarioException(line, "file", "cannot read " + file + ": " + e.getMessage());
    }
    Set<String> names = new LinkedHashSet<>();
    Set<List<String>> edges = new LinkedHashSet<>();
    for (String raw : text) {
      String l = raw.replaceAll("//.*", "").trim();
      Matcher m = DOT_EDGE.matcher(l);
      boolean any = false;
      while (m.find()) {
        any = true;
        names.add(m.group(1));
        names.add(m.group(2));
        if (!m.group(1).equals(m.group(2))) {
          edges.add(Topology.edge(m.group(1), m.group(2)));
        }
      }
      Matcher n = DOT_NODE.matcher(l);
      if (!any && n.matches() && !DOT_KEYWORDS.contains(n.group(1)) && !l.contains("=")) {
        names.add(n.group(1));
      }
    }
    if (names.size() < 2) {
      throw new ScenarioException(line, "file", file + " has fewer than two nodes");
    }
    if (names.size() > maxNodes) {
      throw new ScenarioException(line, "file", file + " has more than " + maxNodes + " nodes");
    }
    return new Topology(Kind.DOT, new ArrayList<>(new TreeSet<>(names)), 3, new ArrayList<>(edges), 0);
  }
}
