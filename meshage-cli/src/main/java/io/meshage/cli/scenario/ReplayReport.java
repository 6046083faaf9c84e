package io.meshage.cli.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code meshage sim SCENARIO --html FILE}: one self-contained HTML file to replay a run. It holds
 * the true topology (links between live nodes) at every sample where it changed (at most {@value #MAX_FRAMES} frames), the
 * run's {@code timeline.csv} and {@code events.csv} as written, and a summary of {@code
 * verdicts.csv} per verdict (count, p50, p99, max, log-bucket histogram); the page (our own
 * JavaScript inside the file) draws the topology at the time chosen on a slider, the events on a
 * timeline with convergence shaded, and the tables.
 */
final class ReplayReport {
  static final int MAX_FRAMES = 20_000;
  private static final String TEMPLATE = "/io/meshage/cli/web/replay.html";
  private static final String DATA_MARK = "\"__MESHAGE_REPLAY_DATA__\"";

  private final Path file;
  private final List<String> frames = new ArrayList<>();
  private String last = "";
  private boolean truncated;

  ReplayReport(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  /** The true topology at virtual time {@code at}; kept when it differs from the last one kept. */
  void frame(long at, Map<String, Set<String>> truth) {
    StringBuilder sb = new StringBuilder("\"nodes\":");
    List<String> nodes = new ArrayList<>(new TreeSet<>(truth.keySet()));
    strings(sb, nodes);
    sb.append(",\"links\":[");
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      index.put(nodes.get(i), i);
    }
    boolean first = true;
    for (String a : nodes) {
      for (String b : new TreeSet<>(truth.get(a))) {
        Integer j = index.get(b);
        if (j != null && a.compareTo(b) < 0) {
          sb.append(first ? "" : ",").append('[').append(index.get(a)).append(',').append(j).append(']');
          first = false;
        }
      }
    }
    String frame = sb.append("]}").toString();
    if (frame.equals(last)) {
      return;
    }
    if (frames.size() == MAX_FRAMES) {
      truncated = true;
      return;
    }
    last = frame;
    frames.add("{\"t\":" + String.format(Locale.ROOT, "%.3f", at / 1e9) + "," + frame);
  }

  /** Writes the file from the run's CSV texts. */
  void write(String title, String timelineCsv, String eventsCsv, String verdictsCsv) throws IOException {
    StringBuilder data = new StringBuilder("{\"title\":");
    string(data, title);
    data.append(",\"truncated\":").append(truncated);
    data.append(",\"frames\":[").append(String.join(",", frames)).append(']');
    data.append(",\"timeline\":");
    string(data, timelineCsv);
    data.append(",\"events\":");
    string(data, eventsCsv);
    data.append(",\"verdicts\":").append(verdictSummary(verdictsCsv)).append('}');
    String html = template().replace(DATA_MARK, data.toString());
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, html, StandardCharsets.UTF_8);
  }

  private static String template() throws IOException {
    try (InputStream in = ReplayReport.class.getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new IOException("the jar lacks " + TEMPLATE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * {@code {"delivered":{"count":N,"p50":ms,"p99":ms,"max":ms,"buckets":[...]},...}} from the
   * {@code verdict} and {@code latency_ms} columns; buckets count latencies up to 0.1, 0.2, 0.5,
   * 1, ... 10,000 ms, and the rest.
   */
  static String verdictSummary(String csv) {
    String[] lines = csv.split("\n");
    List<String> header = Arrays.asList(lines[0].split(","));
    int verdict = header.indexOf("verdict");
    int latency = header.indexOf("latency_ms");
    Map<String, List<Double>> by = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].split(",");
      if (verdict >= 0 && latency >= 0 && f.length > Math.max(verdict, latency)) {
        by.computeIfAbsent(f[verdict], k -> new ArrayList<>()).add(Double.parseDouble(f[latency]));
      }
    }
    StringBuilder sb = new StringBuilder("{");
    by.forEach((v, ms) -> {
      ms.sort(null);
      long[] buckets = new long[LatencyBuckets.BOUNDS_MS.length + 1];
      ms.forEach(x -> buckets[LatencyBuckets.bucket(x)]++);
      sb.append(sb.length() == 1 ? "" : ",");
      string(sb, v);
      sb.append(String.format(Locale.ROOT, ":{\"count\":%d,\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f,\"buckets\":%s}",
          ms.size(), LatencyBuckets.percentile(ms, 50), LatencyBuckets.percentile(ms, 99), ms.get(ms.size() - 1),
          Arrays.toString(buckets).replace(" ", "")));
    });
    return sb.append('}').toString();
  }

  private static void strings(StringBuilder sb, List<String> values) {
    sb.append('[');
    for (int i = 0; i < values.size(); i++) {
      sb.append(i == 0 ? "" : ",");
      string(sb, values.get(i));
    }
    sb.append(']');
  }

  /** A JSON string that is also safe inside a script element ({@code <} escaped). */
  static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '<' -> sb.append("\\u003c");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
