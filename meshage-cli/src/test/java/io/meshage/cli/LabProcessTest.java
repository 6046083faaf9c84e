package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check on real processes: {@code meshage lab --nodes 5}; a range picks exactly its
 * nodes, a shell command outlives any fixed wait, {@code mesh watch} sees a SIGKILLed node FAILED
 * and a terminated one LEFT, and {@code quit} leaves no process behind.
 */
class LabProcessTest {
  private static final Duration STEP = Duration.ofSeconds(30);

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void fiveProcessesAnswerRangesStreamShellAndReportFailures(@TempDir Path dir) throws Exception {
    try (NodeProcess lab = NodeProcess.start("lab", dir, "lab", "--nodes", "5")) {
      String pidsLine = lab.await(l -> l.startsWith("lab: processes "), STEP);
      Map<String, Long> pids = new HashMap<>();
      Matcher m = Pattern.compile("(n\\d+)=pid (\\d+)").matcher(pidsLine);
      while (m.find()) {
        pids.put(m.group(1), Long.parseLong(m.group(2)));
      }
      assertThat(pids).containsOnlyKeys("n2", "n3", "n4", "n5");
      assertThat(lab.await(l -> l.startsWith("mesh of 5 nodes formed"), STEP)).isNotNull();

      List<String> status = lab.ask("mesh send n[2-4] mesh status", STEP);
      Set<String> from = new TreeSet<>();
      for (String l : status) {
        from.add(l.substring(0, l.indexOf(':')));
      }
      assertThat(from).containsExactly("n2", "n3", "n4");
      assertThat(status).contains("n2: mesh size: 5", "n3: name: n3", "n4: send timeout: 0 (no limit)");

      assertThat(lab.ask("mesh timeout 0", STEP)).containsExactly("mesh send timeout 0 (no limit)");
      assertThat(lab.ask("mesh send n2 shell sleep 2; echo done", STEP)).containsExactly("n2: done");

      lab.send("mesh watch 20s");
      long killedAt = System.nanoTime();
      ProcessHandle.of(pids.get("n3")).orElseThrow().destroyForcibly();
      assertThat(lab.await(l -> l.matches("\\S+ FAILED n3 .*"), STEP)).isNotNull();
      Duration seen = Duration.ofNanos(System.nanoTime() - killedAt);
      assertThat(seen).as("FAILED after the SIGKILL").isLessThan(Duration.ofSeconds(3));
      ProcessHandle.of(pids.get("n4")).orElseThrow().destroy();
      // SIGTERM: close() marks n4 OFFLINE, and the mesh sees that before n4 says bye
      assertThat(lab.await(l -> l.matches("\\S+ UPDATED n4 .*\\(changed status\\)"), STEP)).isNotNull();
      assertThat(lab.await(l -> l.matches("\\S+ LEFT n4 .*\\(said bye\\)"), STEP)).isNotNull();

      lab.send("quit");
      assertThat(lab.awaitExit(STEP)).isZero();
      for (long pid : pids.values()) {
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isPresent()) {
          p.get().onExit().get(10, TimeUnit.SECONDS);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("pid " + pid).isNotEqualTo(Optional.of(true));
      }
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void endOfInputStopsEveryChild(@TempDir Path dir) throws Exception {
    try (NodeProcess lab = NodeProcess.start("lab", dir, "lab", "--nodes", "2", "--degree", "1")) {
      String pidsLine = lab.await(l -> l.startsWith("lab: processes "), STEP);
      long pid = Long.parseLong(pidsLine.replaceAll(".*=pid (\\d+).*", "$1"));
      assertThat(lab.await(l -> l.startsWith("mesh of 2 nodes formed"), STEP)).isNotNull();
      lab.closeInput();
      assertThat(lab.awaitExit(STEP)).isZero();
      List<Boolean> alive = new ArrayList<>();
      ProcessHandle.of(pid).ifPresent(p -> alive.add(p.isAlive()));
      assertThat(alive).doesNotContain(true);
    }
  }
}
