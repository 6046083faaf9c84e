package io.meshage.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Parses and prints the short durations of the command line: {@code 500ms}, {@code 10s}, {@code 2m}. */
final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

  private Durations() {}

  /**
   * Parses {@code 10s}, {@code 1.5s}, {@code 500ms}, {@code 2m}, {@code 1h}; a bare number is
   * seconds. Throws IllegalArgumentException naming {@code what} when the text is not positive.
   */
  static Duration parse(String text, String what) {
    Matcher m = FORM.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          what + " must be a duration such as 10s, 500ms or 2m, got '" + text + "'");
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    long nanosPerUnit =
        switch (unit) {
          case "ms" -> 1_000_000L;
          case "m" -> 60_000_000_000L;
          case "h" -> 3_600_000_000_000L;
          default -> 1_000_000_000L;
        };
    long nanos = amount.multiply(BigDecimal.valueOf(nanosPerUnit)).longValue();
    if (nanos <= 0) {
      throw new IllegalArgumentException(what + " must be positive, got '" + text + "'");
    }
    return Duration.ofNanos(nanos);
  }

  /** Like {@link #parse}, but {@code 0} means no limit (returned as {@link Duration#ZERO}). */
  static Duration parseLimit(String text, String what) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (t.matches("0+(\\.0+)?(ms|s|m|h)?")) {
      return Duration.ZERO;
    }
    return parse(text, what);
  }

  /** A limit as {@link #parseLimit} reads it: {@code 0 (no limit)} or {@code 10s}. */
  static String formatLimit(Duration d) {
    return d.isZero() ? "0 (no limit)" : format(d);
  }

  /** Prints a duration the way {@link #parse} reads it: {@code 10s}, {@code 1.5s}, {@code 250ms}. */
  static String format(Duration d) {
    long millis = d.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    BigDecimal seconds = BigDecimal.valueOf(millis).movePointLeft(3).stripTrailingZeros();
    return seconds.toPlainString() + "s";
  }

  /** The picocli converter for limits such as {@code --shell-timeout 0}: zero = none. */
  static final class LimitConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return parseLimit(value, "duration");
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** The picocli converter for options such as {@code --msa 10s}. */
  static final class Converter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return parse(value, "duration");
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
