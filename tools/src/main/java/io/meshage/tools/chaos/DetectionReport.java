package io.meshage.tools.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Failure detection in a {@link VerdictChaos} run, from the nodes' LINK_DOWN lines: how long the
 * neighbours of a SIGSTOPped node took to drop their links to it, how long the two ends of a cut
 * link took, and the false drops: a link dropped for silence ({@code silent}, {@code keepalive})
 * while neither end had been stopped, killed or cut within the keepalive timeout before.
 */
record DetectionReport(List<Long> stopMillis, int stopsUndetected, List<Long> cutMillis, int cutsUndetected,
    int falseDrops, List<String> examples) {
  /** How far back a stop, kill or cut explains a silence drop (the keepalive timeout and a margin). */
  static final long EXPLAINS_MILLIS = 3_500;

  private record Span(String a, String b, long from, long to) {}

  static DetectionReport of(List<ChaosReport.Event> events) {
    List<Span> stops = new ArrayList<>();
    List<Span> cuts = new ArrayList<>();
    List<Span> kills = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      ChaosReport.Event e = events.get(i);
      String[] w = e.line().split(" ");
      if (w[0].equals("stop")) {
        stops.add(new Span(e.node(), null, e.millis(), until(events, i, e.node(), "cont", null)));
      } else if (w[0].equals("cut")) {
        cuts.add(new Span(e.node(), w[1], e.millis(), until(events, i, e.node(), "uncut", w[1])));
      } else if (w[0].equals("kill")) {
        kills.add(new Span(e.node(), null, e.millis(), until(events, i, e.node(), "restart", null)));
      }
    }
    List<Long> stopMillis = new ArrayList<>();
    int stopsUndetected = 0;
    for (Span s : stops) {
      List<Long> seen = new ArrayList<>();
      List<String> observers = new ArrayList<>();
      for (ChaosReport.Event e : events) {
        String[] w = e.line().split(" ");
        if (w[0].equals("L") && w[1].equals(s.a()) && !e.node().equals(s.a()) && e.millis() > s.from()
            && e.millis() <= s.to() && !observers.contains(e.node())) {
          observers.add(e.node());
          seen.add(e.millis() - s.from());
        }
      }
      if (seen.isEmpty()) {
        stopsUndetected++;
      }
      stopMillis.addAll(seen);
    }
    List<Long> cutMillis = new ArrayList<>();
    int cutsUndetected = 0;
    for (Span c : cuts) {
      Long first = null;
      for (ChaosReport.Event e : events) {
        String[] w = e.line().split(" ");
        if (w[0].equals("L") && e.millis() > c.from() && e.millis() <= c.to()
            && (e.node().equals(c.a()) && w[1].equals(c.b()) || e.node().equals(c.b()) && w[1].equals(c.a()))) {
          first = e.millis() - c.from();
          break;
        }
      }
      if (first == null) {
        cutsUndetected++; // no link between the two at the time, most often
      } else {
        cutMillis.add(first);
      }
    }
    int falseDrops = 0;
    List<String> examples = new ArrayList<>();
    for (ChaosReport.Event e : events) {
      String[] w = e.line().split(" ");
      if (!w[0].equals("L") || w.length < 3 || !(w[2].contains("silent") || w[2].contains("keepalive"))) {
        continue;
      }
      String peer = w[1];
      long t = e.millis();
      boolean explained = touched(stops, peer, t) || touched(stops, e.node(), t) || touched(kills, peer, t)
          || touched(kills, e.node(), t);
      for (Span c : cuts) {
        if (c.from() <= t && t - c.to() <= EXPLAINS_MILLIS
            && (c.a().equals(peer) && c.b().equals(e.node()) || c.b().equals(peer) && c.a().equals(e.node()))) {
          explained = true;
        }
      }
      if (!explained) {
        falseDrops++;
        if (examples.size() < 5) {
          examples.add(t + " ms: " + e.node() + " dropped " + peer + " (" + w[2] + ")");
        }
      }
    }
    return new DetectionReport(stopMillis, stopsUndetected, cutMillis, cutsUndetected, falseDrops, examples);
  }

  /** Whether {@code node} was in one of the spans within the explaining window before {@code t}. */
  private static boolean touched(List<Span> spans, String node, long t) {
    for (Span s : spans) {
      if (s.a().equals(node) && s.from() <= t && t - s.to() <= EXPLAINS_MILLIS) {
        return true;
      }
    }
    return false;
  }

  private static long until(List<ChaosReport.Event> events, int from, String node, String end, String other) {
    for (int i = from + 1; i < events.size(); i++) {
      ChaosReport.Event e = events.get(i);
      if (e.node().equals(node) && e.line().equals(other == null ? end : end + " " + other)) {
        return e.millis();
      }
    }
    return Long.MAX_VALUE / 2;
  }

  private static String figures(List<Long> ms) {
    if (ms.isEmpty()) {
      return "none";
    }
    List<Long> s = new ArrayList<>(ms);
    Collections.sort(s);
    return String.format(Locale.ROOT, "median %d ms, p90 %d ms, max %d ms (%d drops)", s.get(s.size() / 2),
        s.get(Math.min(s.size() - 1, s.size() * 9 / 10)), s.get(s.size() - 1), s.size());
  }

  List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add("failure detection:");
    out.add("  SIGSTOPped node dropped by a neighbour after " + figures(stopMillis)
        + (stopsUndetected > 0 ? "; " + stopsUndetected + " stops seen by nobody before SIGCONT" : ""));
    out.add("  cut link dropped by an end after " + figures(cutMillis)
        + (cutsUndetected > 0 ? "; " + cutsUndetected + " cuts of pairs without a link" : ""));
    out.add("  false drops (silence while both ends ran, uncut): " + falseDrops);
    for (String e : examples) {
      out.add("  e.g. " + e);
    }
    return out;
  }
}
