package io.meshage.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A command of the unpacked archive, its stdout read line by line with deadlines. */
final class ArchiveProcess implements AutoCloseable {
  private static final String EOF = "\u0000eof";
  private final String label;
  private final Process process;
  private final PrintWriter in;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  private ArchiveProcess(String label, Process process) {
    this.label = label;
    this.process = process;
    this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    Thread reader = new Thread(this::pump, "archive-stdout-" + label);
    reader.setDaemon(true);
    reader.start();
  }

  /** Runs {@code command} in {@code dir} with exactly the environment {@code env}. */
  static ArchiveProcess start(String label, Path dir, Map<String, String> env, List<String> command)
      throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectError(dir.resolve(label + ".err").toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    return new ArchiveProcess(label, pb.start());
  }

  private void pump() {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      // the process ended
    }
    lines.add(EOF);
  }

  /** The next output line that matches, skipping others; fails after {@code max}. */
  String await(Predicate<String> wanted, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null || line.equals(EOF)) {
        throw new AssertionError(label + ": no expected line within " + max + " (seen: " + seen + ")");
      }
      seen.add(line);
      if (wanted.test(line)) {
        return line;
      }
    }
  }

  void send(String line) {
    in.println(line);
  }

  /** Waits for the exit (bounded); returns the exit code. */
  int exitCode(Duration max) throws InterruptedException {
    if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(label + " did not exit within " + max + " (seen: " + seen + ")");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    in.close();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
