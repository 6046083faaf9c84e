package io.meshage.tools.flood;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory and thread count of a process, from {@code /proc/PID/status} (Linux). */
record ProcStats(long rssKib, int threads) {
  static ProcStats of(long pid) {
    long rss = -1;
    int threads = -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
        } else if (line.startsWith("Threads:")) {
          threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // the process is gone, or this is not Linux: -1
    }
    return new ProcStats(rss, threads);
  }

  ProcStats max(ProcStats o) {
    return new ProcStats(Math.max(rssKib, o.rssKib), Math.max(threads, o.threads));
  }

  String mib() {
    return rssKib < 0 ? "?" : String.format("%.0f MiB", rssKib / 1024.0);
  }
}
