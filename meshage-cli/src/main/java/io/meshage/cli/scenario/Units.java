package io.meshage.cli.scenario;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints the values of the scenario DSL: durations, rates, percentages, counts. */
final class Units {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|ms|s|m)");

  private Units() {}

  /** A duration such as {@code 250ms}, {@code 1.5s}, {@code 2m}, in nanoseconds. */
  static long duration(int line, String field, String v) {
    Matcher m = DURATION.matcher(v);
    if (!m.matches()) {
      throw new ScenarioException(line, field, "expected a duration like 500ms, 2s or 1m, got '" + v + "'");
    }
    double n = Double.parseDouble(m.group(1));
    long unit = switch (m.group(2)) {
      case "ns" -> 1L;
      case "us" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      default -> 60_000_000_000L;
    };
    double nanos = n * unit;
    if (nanos > 1e17) {
      throw new ScenarioException(line, field, "too long: '" + v + "'");
    }
    return Math.round(nanos);
  }

  /** A probability: {@code 5%} or {@code 0.05}. */
  static double probability(int line, String field, String v) {
    double p;
    try {
      p = v.endsWith("%") ? Double.parseDouble(v.substring(0, v.length() - 1)) / 100 : Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new ScenarioException(line, field, "expected a percentage like 5% or 0.05, got '" + v + "'");
    }
    if (!(p >= 0 && p <= 1)) {
      throw new ScenarioException(line, field, "must be within 0% and 100%, got '" + v + "'");
    }
    return p;
  }

  /** A rate {@code N/s} (or a bare number, per second). */
  static double rate(int line, String v) {
    String n = v.endsWith("/s") ? v.substring(0, v.length() - 2) : v;
    double r;
    try {
      r = Double.parseDouble(n);
    } catch (NumberFormatException e) {
      throw new ScenarioException(line, "rate", "expected a rate like 100/s, got '" + v + "'");
    }
    if (!(r > 0 && r <= 1_000_000)) {
      throw new ScenarioException(line, "rate", "must be above 0 and at most 1000000/s, got '" + v + "'");
    }
    return r;
  }

  /** A whole number within [min, max]. */
  static int integer(int line, String field, String v, int min, int max) {
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new ScenarioException(line, field, "expected a whole number, got '" + v + "'");
    }
    if (n < min || n > max) {
      throw new ScenarioException(line, field, "must be in [" + min + ", " + max + "], got " + n);
    }
    return n;
  }

  /** Nanoseconds as seconds with millisecond precision, e.g. {@code 1.250s}. */
  static String format(long nanos) {
    return String.format(Locale.ROOT, "%.3fs", nanos / 1e9);
  }
}
