package io.meshage.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.util.function.Consumer;

/**
 * Splits a process's output into lines without ever holding more than {@value #MAX_LINE}
 * characters of one: a longer line is handed on cut, with a marker, and the rest of it skipped.
 */
final class BoundedLines {
  /** Longest output line handed on. */
  static final int MAX_LINE = 8192;
  static final String CUT = " [cut]";

  private BoundedLines() {}

  /** Hands every line of {@code in} to {@code out} until the end of the stream (or an I/O error). */
  static void forEach(InputStream in, Consumer<String> out) {
    try (Reader r = new InputStreamReader(in, Charset.defaultCharset())) {
      char[] buffer = new char[4096];
      StringBuilder line = new StringBuilder();
      boolean cut = false;
      int n;
      while ((n = r.read(buffer)) > 0) {
        for (int i = 0; i < n; i++) {
          char c = buffer[i];
          if (c == '\n') {
            out.accept(cut ? line + CUT : strip(line));
            line.setLength(0);
            cut = false;
          } else if (line.length() < MAX_LINE) {
            line.append(c);
          } else {
            cut = true;
          }
        }
      }
      if (line.length() > 0 || cut) {
        out.accept(cut ? line + CUT : strip(line));
      }
    } catch (IOException e) {
      // the process ended or was killed: what was read has been handed on
    }
  }

  /** Drops the carriage return of a CRLF line. */
  private static String strip(StringBuilder line) {
    int len = line.length();
    return len > 0 && line.charAt(len - 1) == '\r' ? line.substring(0, len - 1) : line.toString();
  }
}
