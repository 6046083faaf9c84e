package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code meshage demo} with piped stdin: converges, delivers, writes mesh.dot, runs the shell. */
class DemoProcessTest {
  private static final Duration STEP = Duration.ofSeconds(20);

  @Test
  @Timeout(value = 40, unit = TimeUnit.SECONDS)
  void demoRunsToTheShellAndExitsAtEndOfInput(@TempDir Path dir) throws Exception {
    try (NodeProcess demo = NodeProcess.start("demo", dir, "demo", "--nodes", "5", "--degree", "2")) {
      demo.send("mesh send all mesh degree");
      demo.closeInput();
      assertThat(demo.await(l -> l.startsWith("converged: 5 nodes"), STEP)).isNotNull();
      assertThat(demo.await(l -> l.startsWith("set n1 -> "), STEP)).contains(": complete");
      assertThat(demo.await(l -> l.startsWith("broadcast from n1"), STEP))
          .contains("complete, delivered 4/4");
      assertThat(demo.await(l -> l.equals("wrote mesh.dot"), STEP)).isNotNull();
      // answers stream in arrival order; "all" is every node but n1 itself, as in minimega
      List<String> answers = new java.util.ArrayList<>();
      for (String l = demo.await(x -> true, STEP); !l.equals("demo closed"); l = demo.await(x -> true, STEP)) {
        answers.add(l);
      }
      assertThat(answers).filteredOn(l -> l.matches("n\\d: .*"))
          .containsExactlyInAnyOrder("n2: 2", "n3: 2", "n4: 2", "n5: 2");
      assertThat(demo.awaitExit(STEP)).isZero();
    }
    assertThat(Files.readString(dir.resolve("mesh.dot"))).contains("n5");
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void demoRefusesADegreeItCannotReach(@TempDir Path dir) throws Exception {
    try (NodeProcess demo = NodeProcess.start("demo", dir, "demo", "--nodes", "3", "--degree", "3")) {
      assertThat(demo.awaitExit(STEP)).isEqualTo(2);
    }
    assertThat(Files.readString(dir.resolve("demo.err"))).startsWith("meshage: --degree must be in [1, 2]");
  }
}
