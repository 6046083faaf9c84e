package io.meshage.cli.scenario;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.Pseudograph;
import org.jgrapht.nio.BaseEventDrivenImporter;
import org.jgrapht.nio.ImportException;
import org.jgrapht.nio.gml.GmlImporter;
import org.jgrapht.nio.graphml.GraphMLImporter;

/**
 * Reads a GraphML or GML topology (the formats of the Internet Topology Zoo and SNDlib) with
 * JGraphT's importers. Node names come from the {@code label} (or {@code name}) attribute made
 * safe ({@link #safeName}); a link's one-way delay from its {@code latency} or {@code delay}
 * attribute (milliseconds, or with a unit: {@code 250us}, {@code 3.5ms}), else from the
 * great-circle distance between its ends' {@code Latitude}/{@code Longitude} at 200,000 km/s (light
 * in fibre), else the simulator's default. Self-loops and parallel links collapse into one link
 * (the smallest delay wins); nodes without links are left out; GML edge ids that are strings
 * (as in the Topology Zoo) are renamed before the import. {@link Topology#note()} says which.
 */
final class GraphImport {
  /** Light in fibre: about two thirds of c. */
  static final double FIBRE_KM_PER_SECOND = 200_000;
  /** The smallest delay given to a link from coordinates (two nodes in one city). */
  static final long MIN_DELAY_NANOS = 10_000;
  private static final double EARTH_RADIUS_KM = 6371.0;
  private static final Set<String> LATENCY_KEYS =
      Set.of("latency", "delay", "linkdelay", "linklatency", "latency_ms", "delay_ms");

  private static final java.util.regex.Pattern STRING_ID =
      java.util.regex.Pattern.compile("(^|[\\s\\[])id(\\s+\")", java.util.regex.Pattern.MULTILINE);

  private GraphImport() {}

  static Topology read(int line, Topology.Kind kind, Path file, int maxNodes) {
    Graph<String, DefaultEdge> g = new Pseudograph<>(DefaultEdge.class);
    Map<String, Map<String, String>> nodeAttrs = new HashMap<>();
    Map<DefaultEdge, Map<String, String>> edgeAttrs = new IdentityHashMap<>();
    String format = kind == Topology.Kind.GML ? "GML" : "GraphML";
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      if (kind == Topology.Kind.GML) {
        GmlImporter<String, DefaultEdge> gml = new GmlImporter<>();
        gml.setVertexFactory(String::valueOf);
        listen(gml, nodeAttrs, edgeAttrs);
        gml.importGraph(g, new StringReader(stringIdsRenamed(in)));
      } else {
        GraphMLImporter<String, DefaultEdge> graphml = new GraphMLImporter<>();
        graphml.setSchemaValidation(false);
        graphml.setVertexFactory(id -> id);
        listen(graphml, nodeAttrs, edgeAttrs);
        graphml.importGraph(g, in);
      }
    } catch (IOException e) {
      throw new ScenarioException(line, "file", "cannot read " + file + ": " + e.getMessage());
    } catch (ImportException | IllegalArgumentException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replaceAll("\\s+", " ");
      throw new ScenarioException(line, "file", file + " is not valid " + format + ": " + why);
    }

    Map<String, String> nameOf = names(g, nodeAttrs);
    Map<List<String>, Long> delays = new LinkedHashMap<>();
    Map<List<String>, String> sourceOf = new HashMap<>();
    int selfLoops = 0;
    int parallel = 0;
    for (DefaultEdge e : g.edgeSet()) {
      String s = g.getEdgeSource(e);
      String t = g.getEdgeTarget(e);
      if (s.equals(t)) {
        selfLoops++;
        continue;
      }
      List<String> edge = Topology.edge(nameOf.get(s), nameOf.get(t));
      Map<String, String> attrs = edgeAttrs.getOrDefault(e, Map.of());
      long delay = -1;
      String source = "default";
      for (String k : LATENCY_KEYS) {
        if (attrs.containsKey(k)) {
          delay = latency(line, file, edge, k, attrs.get(k));
          source = "attribute";
          break;
        }
      }
      if (delay < 0) {
        double km = distanceKm(nodeAttrs.get(s), nodeAttrs.get(t));
        if (km >= 0) {
          delay = Math.max(MIN_DELAY_NANOS, Math.round(km / FIBRE_KM_PER_SECOND * 1e9 / 1000) * 1000);
          source = "coordinates";
        }
      }
      if (delays.containsKey(edge)) {
        parallel++;
        long old = delays.get(edge);
        if (delay >= 0 && (old < 0 || delay < old)) {
          delays.put(edge, delay);
          sourceOf.put(edge, source);
        }
      } else {
        delays.put(edge, delay);
        sourceOf.put(edge, source);
      }
    }
    Set<String> linked = new HashSet<>();
    delays.keySet().forEach(linked::addAll);
    List<String> names = new ArrayList<>();
    for (String v : g.vertexSet()) {
      if (linked.contains(nameOf.get(v))) {
        names.add(nameOf.get(v));
      }
    }
    int isolated = g.vertexSet().size() - names.size();
    if (names.size() < 2) {
      throw new ScenarioException(line, "file", file + " has fewer than two linked nodes");
    }
    if (names.size() > maxNodes) {
      throw new ScenarioException(line, "file", file + " has more than " + maxNodes + " nodes");
    }
    Map<List<String>, Long> known = new LinkedHashMap<>();
    delays.forEach((e, d) -> {
      if (d >= 0) {
        known.put(e, d);
      }
    });
    String note = note(file, names.size(), delays.size(), sourceOf, known, isolated, selfLoops, parallel);
    return new Topology(kind, names, 3, new ArrayList<>(delays.keySet()), 0, known, note);
  }

  /**
   * The text with every {@code id "string"} key renamed {@code idtext}: the Topology Zoo's GML
   * gives edges string ids, which JGraphT's GML importer refuses (node ids stay: they must be
   * whole numbers).
   */
  private static String stringIdsRenamed(Reader in) throws IOException {
    StringBuilder b = new StringBuilder();
    char[] buf = new char[8192];
    for (int n; (n = in.read(buf)) > 0; ) {
      b.append(buf, 0, n);
    }
    return STRING_ID.matcher(b).replaceAll("$1idtext$2");
  }

  private static void listen(BaseEventDrivenImporter<String, DefaultEdge> importer,
      Map<String, Map<String, String>> nodeAttrs, Map<DefaultEdge, Map<String, String>> edgeAttrs) {
    importer.addVertexAttributeConsumer((p, a) -> nodeAttrs.computeIfAbsent(p.getFirst(), k -> new HashMap<>())
        .put(p.getSecond().toLowerCase(Locale.ROOT), a.getValue()));
    importer.addEdgeAttributeConsumer((p, a) -> edgeAttrs.computeIfAbsent(p.getFirst(), k -> new HashMap<>())
        .put(p.getSecond().toLowerCase(Locale.ROOT), a.getValue()));
  }

  /** File id to safe, unique name, in the file's order. */
  private static Map<String, String> names(Graph<String, DefaultEdge> g, Map<String, Map<String, String>> attrs) {
    Map<String, String> nameOf = new LinkedHashMap<>();
    Set<String> used = new HashSet<>();
    for (String v : g.vertexSet()) {
      Map<String, String> a = attrs.getOrDefault(v, Map.of());
      String label = a.getOrDefault("label", a.get("name"));
      String base = safeName(label == null ? v : label);
      String name = base;
      for (int i = 2; !used.add(name); i++) {
        name = base + "-" + i;
      }
      nameOf.put(v, name);
    }
    return nameOf;
  }

  /**
   * A label as a node name the mesh and the scenario DSL accept: accents dropped (São Paulo:
   * Sao-Paulo), every run of other characters than A-Z a-z 0-9 . _ - one '-', at most 40
   * characters; an empty or all-digit result (which {@code crash N} would read as a count) gets
   * an {@code n} in front.
   */
  static String safeName(String label) {
    String ascii = Normalizer.normalize(label, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    String s = ascii.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
    if (s.length() > 40) {
      s = s.substring(0, 40).replaceAll("-+$", "");
    }
    if (s.isEmpty() || s.matches("\\d+")) {
      s = "n" + s;
    }
    return s;
  }

  /** A latency attribute: a number of milliseconds, or a duration with a unit. */
  private static long latency(int line, Path file, List<String> edge, String key, String v) {
    String t = v.trim().replace(" ", "");
    try {
      double ms = Double.parseDouble(t);
      if (ms >= 0 && ms <= 1e6) {
        return Math.max(2, Math.round(ms * 1e6));
      }
    } catch (NumberFormatException e) {
      if (t.matches("\\d+(\\.\\d+)?(ns|us|ms|s)")) {
        return Math.max(2, Units.duration(line, "file", t));
      }
    }
    throw new ScenarioException(line, "file", file + ": link " + edge.get(0) + "-" + edge.get(1) + " has " + key
        + " '" + v + "', expected milliseconds (a number) or a duration like 250us or 3ms");
  }

  /** Great-circle distance in km, or -1 when either end lacks coordinates. */
  private static double distanceKm(Map<String, String> a, Map<String, String> b) {
    double[] p = coordinates(a);
    double[] q = coordinates(b);
    if (p == null || q == null) {
      return -1;
    }
    double dLat = Math.toRadians(q[0] - p[0]);
    double dLon = Math.toRadians(q[1] - p[1]);
    double h = Math.pow(Math.sin(dLat / 2), 2)
        + Math.cos(Math.toRadians(p[0])) * Math.cos(Math.toRadians(q[0])) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  private static double[] coordinates(Map<String, String> a) {
    if (a == null) {
      return null;
    }
    String lat = a.getOrDefault("latitude", a.get("lat"));
    String lon = a.getOrDefault("longitude", a.getOrDefault("lon", a.get("lng")));
    try {
      double la = Double.parseDouble(lat);
      double lo = Double.parseDouble(lon);
      return Math.abs(la) <= 90 && Math.abs(lo) <= 180 ? new double[] {la, lo} : null;
    } catch (NullPointerException | NumberFormatException e) {
      return null;
    }
  }

  private static String note(Path file, int nodes, int links, Map<List<String>, String> sourceOf,
      Map<List<String>, Long> known, int isolated, int selfLoops, int parallel) {
    Map<String, Integer> by = new TreeMap<>();
    sourceOf.values().forEach(s -> by.merge(s, 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    if (by.containsKey("attribute")) {
      parts.add(by.get("attribute") + " from their latency attribute");
    }
    if (by.containsKey("coordinates")) {
      parts.add(by.get("coordinates") + " from coordinates (great-circle distance at 200,000 km/s)");
    }
    if (by.containsKey("default")) {
      parts.add(by.get("default") + " at the default delay");
    }
    String range = known.isEmpty() ? "" : String.format(Locale.ROOT, ", %.3f-%.3f ms",
        known.values().stream().mapToLong(Long::longValue).min().orElse(0) / 1e6,
        known.values().stream().mapToLong(Long::longValue).max().orElse(0) / 1e6);
    List<String> left = new ArrayList<>();
    if (isolated > 0) {
      left.add(isolated + " node" + (isolated == 1 ? "" : "s") + " without links");
    }
    if (selfLoops > 0) {
      left.add(selfLoops + " self-loop" + (selfLoops == 1 ? "" : "s"));
    }
    if (parallel > 0) {
      left.add(parallel + " parallel link" + (parallel == 1 ? "" : "s"));
    }
    return file.getFileName() + ": " + nodes + " nodes, " + links + " links; link delays: " + String.join(", ", parts)
        + range + (left.isEmpty() ? "" : "; left out: " + String.join(", ", left));
  }
}
