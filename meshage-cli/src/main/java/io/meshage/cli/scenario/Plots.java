package io.meshage.cli.scenario;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The two PNG plots of a run, drawn with XChart: the mesh over time (live nodes, largest
 * component, smallest view; each event until its views agree shaded; events as labelled vertical
 * lines) and the verdict latencies (log axis, one fixed colour per verdict with its p50 and p99 in
 * the legend, those of delivered also as dashed lines). Colours never depend on the run.
 */
final class Plots {
  static final Color LIVE = new Color(0x1565c0);
  static final Color LARGEST = new Color(0x2e7d32);
  static final Color SMALLEST_VIEW = new Color(0xef6c00);
  static final Color CONVERGING = new Color(255, 183, 77, 110);
  static final Color EVENT = new Color(0x6a1b9a);
  static final Map<String, Color> VERDICT_COLOURS = Map.of(
      "delivered", new Color(0x2e7d32),
      "TIMEOUT", new Color(0xc62828),
      "UNREACHABLE", new Color(0xef6c00),
      "REJECTED", new Color(0x6a1b9a),
      "UNCONFIRMED", new Color(0x546e7a));
  private static final Color OTHER_VERDICT = new Color(0x37474f);
  /** Latencies below this are drawn at it (a log axis has no zero). */
  static final double FLOOR_MS = 0.01;

  /**
   * An event of the run: when and what, and when the views agreed again for good in its window
   * (virtual seconds; NaN when they did not, then its window ends at the next event or the run's end).
   */
  record Marker(double atSeconds, String label, double settledSeconds) {}

  private Plots() {}

  private static XYChart chart(String title, String x, String y) {
    System.setProperty("java.awt.headless", "true");
    XYChart c = new XYChartBuilder().width(1100).height(520).title(title).xAxisTitle(x).yAxisTitle(y).build();
    Styler s = c.getStyler();
    s.setAntiAlias(true);
    s.setLegendPosition(Styler.LegendPosition.OutsideS);
    s.setLegendLayout(Styler.LegendLayout.Horizontal);
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderVisible(false);
    s.setAnnotationLineColor(EVENT);
    s.setAnnotationLineStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f}, 0f));
    s.setAnnotationTextFontColor(EVENT);
    s.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    c.getStyler().setPlotGridLinesColor(new Color(0xeeeeee));
    return c;
  }

  /** Live nodes, largest component and smallest view over time; each event until its views agree shaded; events marked. */
  static void mesh(List<double[]> rows, List<Marker> events, Path file) throws IOException {
    XYChart c = chart("Mesh size and convergence", "virtual time (s)", "nodes");
    c.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
    if (rows.isEmpty()) {
      rows = List.of(new double[7]);
    }
    double[] t = column(rows, 0);
    double max = 1;
    for (double v : column(rows, 1)) {
      max = Math.max(max, v);
    }
    double top = Math.ceil(max * 1.25);
    c.getStyler().setYAxisMin(0.0);
    c.getStyler().setYAxisMax(top);
    double end = t[t.length - 1];
    List<double[]> spans = converging(events, end);
    double[] sx = new double[spans.size() * 4 + 2];
    double[] sy = new double[sx.length];
    sx[0] = 0;
    int k = 1;
    for (double[] span : spans) {
      sx[k] = span[0];
      sx[k + 1] = span[0];
      sy[k + 1] = top;
      sx[k + 2] = span[1];
      sy[k + 2] = top;
      sx[k + 3] = span[1];
      k += 4;
    }
    sx[k] = Math.max(end, sx[k - 1]);
    XYSeries shade = c.addSeries("converging: event until the views agree", sx, sy);
    shade.setXYSeriesRenderStyle(XYSeriesRenderStyle.Area).setMarker(SeriesMarkers.NONE);
    shade.setFillColor(CONVERGING);
    shade.setLineColor(CONVERGING);
    line(c, "live nodes", t, column(rows, 1), LIVE, 2.5f, null);
    line(c, "largest component", t, column(rows, 3), LARGEST, 1.8f, null);
    line(c, "smallest view", t, column(rows, 4), SMALLEST_VIEW, 1.5f, new float[] {6f, 4f});
    markEvents(c, events, i -> top * (0.985 - 0.045 * (i % 4)));
    BitmapEncoder.saveBitmap(c, file.toString(), BitmapFormat.PNG);
  }

  /** Per-recipient verdict latency against send time on a log axis; p50 and p99 per verdict as dashed lines. */
  static void latency(List<TrafficLog.Verdict> verdicts, List<Marker> events, Path file) throws IOException {
    XYChart c = chart("Verdict latencies (log scale; 0 ms drawn at 0.01 ms)", "sent at, virtual time (s)", "latency (ms)");
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    c.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
    c.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    c.getStyler().setMarkerSize(4);
    c.getStyler().setYAxisLogarithmic(true);
    c.getStyler().setYAxisDecimalPattern("#,##0.##");
    Map<String, List<double[]>> by = new TreeMap<>();
    double end = 0;
    double maxMs = 1;
    for (TrafficLog.Verdict v : verdicts) {
      double ms = Math.max(FLOOR_MS, v.latencyNanos() / 1e6);
      by.computeIfAbsent(v.verdict(), k -> new ArrayList<>()).add(new double[] {v.sentAt() / 1e9, ms});
      end = Math.max(end, v.sentAt() / 1e9);
      maxMs = Math.max(maxMs, ms);
    }
    for (Marker m : events) {
      end = Math.max(end, m.atSeconds());
    }
    double top = Math.pow(10, Math.ceil(Math.log10(maxMs)) + 1);
    c.getStyler().setYAxisMin(FLOOR_MS);
    c.getStyler().setYAxisMax(top);
    if (by.isEmpty()) {
      c.addSeries("no traffic", new double[] {0}, new double[] {FLOOR_MS}).setMarker(SeriesMarkers.NONE);
    }
    List<String> order = new ArrayList<>(by.keySet());
    order.sort((a, b) -> a.equals("delivered") ? -1 : b.equals("delivered") ? 1 : a.compareTo(b));
    for (String verdict : order) {
      List<double[]> points = by.get(verdict);
      Color colour = VERDICT_COLOURS.getOrDefault(verdict, OTHER_VERDICT);
      List<Double> sorted = new ArrayList<>();
      points.forEach(p -> sorted.add(p[1]));
      sorted.sort(null);
      double p50 = LatencyBuckets.percentile(sorted, 50);
      double p99 = LatencyBuckets.percentile(sorted, 99);
      XYSeries s = c.addSeries(verdict + " (" + points.size() + "): p50 " + ms(p50) + ", p99 " + ms(p99),
          column(points, 0), column(points, 1));
      s.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(colour);
      if (verdict.equals("delivered")) {
        line(c, "delivered p50", new double[] {0, end}, new double[] {p50, p50}, colour, 1.5f, new float[] {8f, 4f});
        line(c, "delivered p99", new double[] {0, end}, new double[] {p99, p99}, colour, 1.2f, new float[] {2f, 3f});
      }
    }
    markEvents(c, events, i -> top / Math.pow(2.2, i % 4 + 1));
    BitmapEncoder.saveBitmap(c, file.toString(), BitmapFormat.PNG);
  }

  /**
   * The periods from each event to the moment its views agreed (to its window's end when they did
   * not), merged where they overlap, in time order; periods shorter than 1 ms are left out.
   */
  static List<double[]> converging(List<Marker> events, double end) {
    List<double[]> spans = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      Marker m = events.get(i);
      double until = m.settledSeconds();
      if (Double.isNaN(until)) {
        until = end;
        for (Marker next : events) {
          if (next.atSeconds() > m.atSeconds()) {
            until = Math.min(until, next.atSeconds());
          }
        }
      }
      if (until - m.atSeconds() >= 0.001) {
        spans.add(new double[] {m.atSeconds(), Math.min(until, end)});
      }
    }
    spans.sort((a, b) -> Double.compare(a[0], b[0]));
    List<double[]> merged = new ArrayList<>();
    for (double[] span : spans) {
      double[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && span[0] <= last[1]) {
        last[1] = Math.max(last[1], span[1]);
      } else {
        merged.add(span.clone());
      }
    }
    return merged;
  }

  /** {@code 8 ms}, {@code 0.42 ms}, {@code 10 s}. */
  static String ms(double ms) {
    if (ms >= 1000) {
      return String.format(Locale.ROOT, "%.3g s", ms / 1000);
    }
    return String.format(Locale.ROOT, ms >= 10 ? "%.0f ms" : "%.2g ms", ms);
  }

  private static void line(XYChart c, String name, double[] x, double[] y, Color colour, float width, float[] dash) {
    XYSeries s = c.addSeries(name, x, y);
    s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line).setMarker(SeriesMarkers.NONE);
    s.setLineColor(colour);
    s.setLineStyle(dash == null
        ? new BasicStroke(width)
        : new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
  }

  /** A dashed vertical line per event, its label (up to the first parenthesis) at a staggered height. */
  private static void markEvents(XYChart c, List<Marker> events, java.util.function.IntToDoubleFunction labelY) {
    for (int i = 0; i < events.size(); i++) {
      Marker m = events.get(i);
      c.addAnnotation(new AnnotationLine(m.atSeconds(), true, false));
      String label = m.label().split(" \\(", 2)[0];
      label = label.length() > 28 ? label.substring(0, 27) + "…" : label;
      c.addAnnotation(new AnnotationText(" " + label, m.atSeconds(), labelY.applyAsDouble(i), false));
    }
  }

  private static double[] column(List<double[]> rows, int i) {
    double[] d = new double[rows.size()];
    for (int r = 0; r < d.length; r++) {
      d[r] = rows.get(r)[i];
    }
    return d;
  }
}
