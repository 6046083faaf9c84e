package io.meshage.tools.flood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A short, small run of the flood tool: every kind of flood reaches the node, which survives it. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HostileFloodTest {
  @Test
  void aShortFloodMeetsEveryKindOfRefusalAndARealPeerStillJoins() throws Exception {
    HostileFlood.Report r = HostileFlood.run(2, 40, 3, 3, "127.0.0.2", "128m", 50_000);
    assertThat(r.idle()).isGreaterThanOrEqualTo(40);
    assertThat(r.claimClosed()).as("claimed lengths closed by the node").isPositive();
    assertThat(r.preAuthClosed()).as("pre-auth key steps closed by the node").isPositive();
    assertThat(r.oomLines()).isZero();
    assertThat(r.before().rssKib()).isPositive();
    assertThat(r.peak().threads()).isGreaterThanOrEqualTo(r.before().threads());
    assertThat(r.joinBeforeMillis()).isNotNegative();
    assertThat(r.joinDuringMillis()).isNotNegative();
    assertThat(r.joinAfterMillis()).isNotNegative();
    assertThat(r.lines(2, "127.0.0.2", "128m")).anyMatch(l -> l.contains("pre-auth key steps"));
  }

  @Test
  void theFloodedNodeGetsTheLaunchersHeapOption() throws Exception {
    String launcher = java.nio.file.Files.readString(
        java.nio.file.Path.of("..", "meshage-dist", "src", "main", "dist", "bin", "meshage"));
    assertThat(launcher).as("bin/meshage gives nodes the heap option the flood measures")
        .contains("heap_opts=${MESHAGE_HEAP_OPTS-\"" + HostileFlood.LAUNCHER_HEAP_OPTS + "\"}");
  }

  @Test
  void onlyALoopbackSourceIsAccepted() {
    assertThatThrownBy(() -> HostileFlood.run(1, 1, 1, 1, "10.1.2.3", "128m", 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a loopback address");
  }
}
