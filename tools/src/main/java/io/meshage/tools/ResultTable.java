package io.meshage.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One table of benchmark results: our figure, the baseline's figure and their ratio. */
public final class ResultTable {
  /** One measured quantity. {@code higherIsBetter} decides which way the ratio is taken. */
  public record Row(String what, String unit, double ours, double baseline, boolean higherIsBetter) {
    /** How many times better than the baseline we are (above 1.0 is better), NaN without one. */
    public double ratio() {
      if (Double.isNaN(baseline) || baseline == 0 || ours == 0) {
        return Double.NaN;
      }
      return higherIsBetter ? ours / baseline : baseline / ours;
    }
  }

  private final String title;
  private final String baselineName;
  private final List<Row> rows = new ArrayList<>();

  public ResultTable(String title, String baselineName) {
    this.title = title;
    this.baselineName = baselineName;
  }

  public ResultTable add(String what, String unit, double ours, double baseline, boolean higher) {
    rows.add(new Row(what, unit, ours, baseline, higher));
    return this;
  }

  public List<Row> rows() {
    return List.copyOf(rows);
  }

  /** The table as fixed-width text, one row per measurement. */
  public String render() {
    int w = "measurement".length();
    for (Row r : rows) {
      w = Math.max(w, r.what().length() + r.unit().length() + 3);
    }
    StringBuilder sb = new StringBuilder();
    sb.append(title).append('\n');
    String fmt = "%-" + w + "s %14s %14s %8s%n";
    sb.append(String.format(Locale.ROOT, fmt, "measurement", "meshage", baselineName, "ratio"));
    for (Row r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              fmt,
              r.what() + " (" + r.unit() + ")",
              number(r.ours()),
              number(r.baseline()),
              Double.isNaN(r.ratio()) ? "-" : String.format(Locale.ROOT, "%.2fx", r.ratio())));
    }
    return sb.toString();
  }

  private static String number(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
