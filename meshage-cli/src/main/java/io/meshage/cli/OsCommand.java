package io.meshage.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code shell CMD}: runs an OS command with {@code sh -c}, bounded in time, output captured. */
final class OsCommand {
  private final Duration limit;

  OsCommand(Duration limit) {
    this.limit = limit;
  }

  Reply run(String command) {
    Process p;
    try {
      p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return Reply.error("shell: cannot start sh: " + e.getMessage());
    }
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> copy(p.getInputStream(), captured), "meshage-shell-output");
    reader.setDaemon(true);
    reader.start();
    try {
      p.getOutputStream().close();
      boolean finished = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
      reader.join(1000);
      List<String> lines = new ArrayList<>();
      String text;
      synchronized (captured) {
        text = captured.toString(Charset.defaultCharset());
      }
      for (String line : text.split("\n", -1)) {
        lines.add(line);
      }
      if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
        lines.remove(lines.size() - 1);
      }
      if (!finished) {
        lines.add("error: shell command killed after " + Durations.format(limit));
        return new Reply(false, false, lines);
      }
      if (p.exitValue() != 0) {
        lines.add("exit status " + p.exitValue());
        return new Reply(false, false, lines);
      }
      return Reply.of(lines);
    } catch (IOException e) {
      return Reply.error("shell: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return Reply.error("shell: interrupted");
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        synchronized (out) {
          out.write(buffer, 0, n);
        }
      }
    } catch (IOException e) {
      // the process ended or was killed: keep what was read
    }
  }
}
