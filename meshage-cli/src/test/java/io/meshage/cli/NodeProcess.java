package io.meshage.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@code meshage} command in a child JVM (this test classpath, main class Main), driven through
 * its stdin; its stdout is read line by line with deadlines, never with sleeps.
 */
final class NodeProcess implements AutoCloseable {
  private static final String EOF = "\u0000eof";
  private final String label;
  private final Process process;
  private final PrintWriter in;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();
  private int markers;

  private NodeProcess(String label, Process process) {
    this.label = label;
    this.process = process;
    this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    Thread reader = new Thread(this::pump, "test-stdout-" + label);
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code java io.meshage.cli.Main args...} in {@code dir}; stderr goes to a file there. */
  static NodeProcess start(String label, Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.meshage.cli.Main");
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectError(dir.resolve(label + ".err").toFile())
            .start();
    return new NodeProcess(label, p);
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

  /** Runs one shell command and returns its output lines (ended by an echoed marker). */
  List<String> ask(String command, Duration max) throws InterruptedException {
    String marker = "--end-" + (++markers) + "--";
    in.println(command);
    in.println("echo " + marker);
    List<String> out = new ArrayList<>();
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null || line.equals(EOF)) {
        throw new AssertionError(label + ": '" + command + "' did not finish within " + max + " (got " + out + ")");
      }
      if (line.equals(marker)) {
        return out;
      }
      out.add(line);
    }
  }

  void send(String line) {
    in.println(line);
  }

  /** Ends input, as a script does at its end. */
  void closeInput() {
    in.close();
  }

  /** SIGTERM: the shutdown hook closes the node. */
  void terminate() {
    process.destroy();
  }

  /** SIGINT, as Ctrl-C sends it. */
  void interrupt() throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(process.pid()))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      kill.destroyForcibly();
      throw new AssertionError("kill -INT " + process.pid() + " failed");
    }
  }

  /** SIGSTOP: the process stays, its sockets stay open, but it answers nothing (Linux). */
  void stop() throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-STOP", String.valueOf(process.pid()))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      kill.destroyForcibly();
      throw new AssertionError("kill -STOP " + process.pid() + " failed");
    }
    awaitAllThreadsStopped(Duration.ofSeconds(5));
  }

  /**
   * SIGSTOP is asynchronous: a thread running on another CPU stops a moment after kill(2)
   * returns, and could still answer a frame. Linux shows each thread's state in
   * /proc/PID/task/TID/stat; there is no event to wait on, so this re-reads it (bounded) until
   * every thread is stopped ('T').
   */
  private void awaitAllThreadsStopped(Duration max) throws IOException {
    java.nio.file.Path tasks = Path.of("/proc", String.valueOf(process.pid()), "task");
    if (!java.nio.file.Files.isDirectory(tasks)) {
      return;
    }
    long end = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < end) {
      boolean allStopped = true;
      try (java.util.stream.Stream<java.nio.file.Path> ts = java.nio.file.Files.list(tasks)) {
        for (java.nio.file.Path t : (Iterable<java.nio.file.Path>) ts::iterator) {
          String stat;
          try {
            stat = java.nio.file.Files.readString(t.resolve("stat"));
          } catch (IOException gone) {
            continue;
          }
          // the state is the first field after the parenthesised command name
          int close = stat.lastIndexOf(')');
          char state = close > 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
          if (state != 'T' && state != 't') {
            allStopped = false;
            break;
          }
        }
      }
      if (allStopped) {
        return;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("process " + process.pid() + " did not stop within " + max);
  }

  /** SIGKILL: no shutdown hook, no BYE; the kernel closes its sockets. Returns the exit code. */
  int kill(Duration max) throws InterruptedException {
    process.destroyForcibly();
    return awaitExit(max);
  }

  /** Waits for the exit code. */
  int awaitExit(Duration max) throws InterruptedException {
    if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(label + " did not exit within " + max);
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
