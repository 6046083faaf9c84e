package io.meshage.cli.scenario;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The two PNG plots of a run, drawn with XChart: mesh size over time, and verdict latencies. */
final class Plots {
  private Plots() {}

  /** Live nodes, largest component, smallest view and agreement over time; events as markers. */
  static void mesh(List<double[]> rows, List<EventFigures.Figure> measures, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart c = new XYChartBuilder().width(900).height(450).title("Mesh size and convergence")
        .xAxisTitle("virtual time (s)").yAxisTitle("nodes").build();
    c.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
    c.getStyler().setAntiAlias(false);
    c.getStyler().setMarkerSize(4);
    if (rows.isEmpty()) {
      rows = List.of(new double[7]);
    }
    double[] t = column(rows, 0);
    double max = 0;
    for (double v : column(rows, 1)) {
      max = Math.max(max, v);
    }
    c.addSeries("live nodes", t, column(rows, 1)).setMarker(SeriesMarkers.NONE);
    c.addSeries("largest component", t, column(rows, 3)).setMarker(SeriesMarkers.NONE);
    c.addSeries("smallest view", t, column(rows, 4)).setMarker(SeriesMarkers.NONE);
    double[] agree = column(rows, 5);
    for (int i = 0; i < agree.length; i++) {
      agree[i] *= max * 1.05;
    }
    c.addSeries("views agree (top = yes)", t, agree).setMarker(SeriesMarkers.NONE);
    double[] et = new double[measures.size()];
    double[] ey = new double[measures.size()];
    for (int i = 0; i < et.length; i++) {
      et[i] = measures.get(i).at() / 1e9;
      ey[i] = 0;
    }
    c.addSeries("events", et, ey).setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter)
        .setMarker(SeriesMarkers.DIAMOND);
    BitmapEncoder.saveBitmap(c, file.toString(), BitmapFormat.PNG);
  }

  /** Per-recipient verdict latency against send time, one series per verdict. */
  static void latency(List<TrafficLog.Verdict> verdicts, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart c = new XYChartBuilder().width(900).height(450).title("Verdict latencies")
        .xAxisTitle("sent at, virtual time (s)").yAxisTitle("latency (ms)").build();
    c.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    c.getStyler().setAntiAlias(false);
    c.getStyler().setMarkerSize(4);
    Map<String, List<double[]>> by = new TreeMap<>();
    for (TrafficLog.Verdict v : verdicts) {
      by.computeIfAbsent(v.verdict(), k -> new ArrayList<>()).add(new double[] {v.sentAt() / 1e9, v.latencyNanos() / 1e6});
    }
    if (by.isEmpty()) {
      by.put("no traffic", List.of(new double[] {0, 0}));
    }
    by.forEach((k, pts) -> c.addSeries(k + " (" + pts.size() + ")", column(pts, 0), column(pts, 1)));
    BitmapEncoder.saveBitmap(c, file.toString(), BitmapFormat.PNG);
  }

  private static double[] column(List<double[]> rows, int i) {
    double[] d = new double[rows.size()];
    for (int r = 0; r < d.length; r++) {
      d[r] = rows.get(r)[i];
    }
    return d;
  }
}
