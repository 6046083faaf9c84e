package io.meshage.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code shell CMD}: runs an OS command with {@code sh -c}, its output (stdout and stderr) handed
 * on line by line as it comes. No time limit unless one is set; an interrupt of the calling thread
 * (Ctrl-C, a cancelled {@code mesh send}) kills the command and everything it started.
 */
final class OsCommand {
  /** Longest output line handed on; longer ones are cut with a marker. */
  static final int MAX_LINE = 8192;

  private final Duration limit;

  /** @param limit how long a command may run; zero = no limit */
  OsCommand(Duration limit) {
    this.limit = limit;
  }

  Reply run(String command, Consumer<String> out) {
    Process p;
    try {
      p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return Reply.error("shell: cannot start sh: " + e.getMessage());
    }
    Thread reader = new Thread(() -> copy(p, out), "meshage-shell-output");
    reader.setDaemon(true);
    reader.start();
    try {
      p.getOutputStream().close();
      boolean finished;
      if (limit.isZero()) {
        p.waitFor();
        finished = true;
      } else {
        finished = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
      }
      if (!finished) {
        kill(p);
      }
      reader.join(1000);
      if (!finished) {
        return Reply.error("shell command killed after " + Durations.format(limit));
      }
      return p.exitValue() == 0 ? Reply.empty() : new Reply(false, false, List.of("exit status " + p.exitValue()));
    } catch (IOException e) {
      kill(p);
      return Reply.error("shell: " + e.getMessage());
    } catch (InterruptedException e) {
      kill(p);
      return Reply.error("shell: cancelled");
    }
  }

  /** Kills the shell first (so that it starts nothing more), then everything it had started. */
  static void kill(Process p) {
    List<ProcessHandle> started = p.descendants().toList();
    p.destroyForcibly();
    started.forEach(ProcessHandle::destroyForcibly);
  }

  private static void copy(Process p, Consumer<String> out) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(p.getInputStream(), Charset.defaultCharset()))) {
      String line;
      while ((line = in.readLine()) != null) {
        out.accept(line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + " [cut]" : line);
      }
    } catch (IOException e) {
      // the process ended or was killed: what was read has been handed on
    }
  }
}
