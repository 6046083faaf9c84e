package io.meshage.cli.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The starting topology of a scenario: {@code discovery} forms by beacons with the given degree;
 * the other kinds dial a fixed edge list (discovery off), listed in {@link #edges()}. An imported
 * graph may carry one-way delays per edge ({@link #linkDelays()}, nanoseconds) and a note saying
 * where they came from.
 */
public record Topology(
    Kind kind,
    List<String> names,
    int degree,
    List<List<String>> edges,
    int randomEdges,
    Map<List<String>, Long> linkDelays,
    String note) {
  /** How the nodes find each other. */
  public enum Kind {
    DISCOVERY, CHAIN, RING, GRID, STAR, RANDOM, DOT, GRAPHML, GML
  }

  public Topology {
    names = List.copyOf(names);
    edges = List.copyOf(edges);
    linkDelays = Collections.unmodifiableMap(new LinkedHashMap<>(linkDelays));
  }

  /** A topology without delays of its own. */
  public Topology(Kind kind, List<String> names, int degree, List<List<String>> edges, int randomEdges) {
    this(kind, names, degree, edges, randomEdges, Map.of(), "");
  }

  /**
   * The edges to dial: the fixed list, or for {@code random} a random spanning tree plus random
   * extra edges up to {@link #randomEdges()} in all, drawn from {@code random}.
   */
  public List<List<String>> edges(Random random) {
    if (kind != Kind.RANDOM) {
      return edges;
    }
    Set<List<String>> chosen = new LinkedHashSet<>();
    for (int i = 1; i < names.size(); i++) {
      chosen.add(edge(names.get(random.nextInt(i)), names.get(i)));
    }
    long possible = (long) names.size() * (names.size() - 1) / 2;
    while (chosen.size() < Math.min(randomEdges, possible)) {
      String a = names.get(random.nextInt(names.size()));
      String b = names.get(random.nextInt(names.size()));
      if (!a.equals(b)) {
        chosen.add(edge(a, b));
      }
    }
    return new ArrayList<>(chosen);
  }

  static List<String> edge(String a, String b) {
    return a.compareTo(b) < 0 ? List.of(a, b) : List.of(b, a);
  }

  /** Whether links form by discovery (otherwise the runner dials {@link #edges()}). */
  public boolean discovery() {
    return kind == Kind.DISCOVERY;
  }
}
