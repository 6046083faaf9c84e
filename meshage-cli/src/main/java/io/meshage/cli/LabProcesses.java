package io.meshage.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The child node processes of {@code meshage lab}. Each reads its (never written) stdin from this
 * process: closing it is the node's {@code quit} (BYE to its neighbours), and should this process
 * die without cleaning up, the pipe closes and the children quit by themselves. {@link #stop}
 * waits up to 5 s for them, then kills what is left with everything it started.
 */
final class LabProcesses {
  private final List<Process> started = new ArrayList<>();
  private final List<String> names = new ArrayList<>();
  private int killed;
  private boolean stopped;

  synchronized void start(String name, List<String> command, Path log) throws IOException {
    if (stopped) {
      throw new IOException("the lab is stopping");
    }
    Process p = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    started.add(p);
    names.add(name);
  }

  /** Ends every child: end of input first, then force after 5 s. Idempotent. */
  synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    for (Process p : started) {
      try {
        p.getOutputStream().close();
      } catch (IOException e) {
        // already gone
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (Process p : started) {
      try {
        if (p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          continue;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      OsCommand.kill(p);
      killed++;
    }
  }

  /** {@code n2=pid 4711 n3=pid 4712}: which process is which node, for kill and ps. */
  synchronized String describe() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < started.size(); i++) {
      sb.append(i == 0 ? "" : " ").append(names.get(i)).append("=pid ").append(started.get(i).pid());
    }
    return sb.toString();
  }

  synchronized String summary() {
    return (started.size() + 1) + " nodes stopped" + (killed == 0 ? "" : " (" + killed + " killed after 5 s)");
  }
}
