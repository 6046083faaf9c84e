package io.meshage.cli;

import java.io.IOException;
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
    java.util.concurrent.atomic.AtomicLong handed = new java.util.concurrent.atomic.AtomicLong();
    Thread reader = new Thread(
        () -> BoundedLines.forEach(p.getInputStream(), l -> {
          out.accept(l);
          handed.incrementAndGet();
        }),
        "meshage-shell-output");
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
      // the rest of the output, as long as it keeps coming (a background child may hold the pipe open)
      for (long before = -1; reader.isAlive() && handed.get() != before; ) {
        before = handed.get();
        reader.join(1000);
      }
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

}
