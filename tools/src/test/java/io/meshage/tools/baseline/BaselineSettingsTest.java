package io.meshage.tools.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BaselineSettingsTest {
  @Test
  void noPropertiesGiveTheDefaults() {
    BaselineSettings settings = BaselineSettings.fromProperties(new Properties());

    assertThat(settings).isEqualTo(BaselineSettings.defaults());
    assertThat(settings.payloadBytes()).isEqualTo(100);
    assertThat(settings.bundlerType()).isEqualTo("no-bundler");
    assertThat(settings.basePort()).isZero();
  }

  @Test
  void everyPropertyOverridesItsDefault() {
    Properties p = new Properties();
    p.setProperty(BaselineSettings.MESSAGES, "2_000_000");
    p.setProperty(BaselineSettings.WARMUP_MESSAGES, "0");
    p.setProperty(BaselineSettings.RPC_CALLS, "1,000");
    p.setProperty(BaselineSettings.RPC_WARMUP_CALLS, " 5 ");
    p.setProperty(BaselineSettings.PAYLOAD_BYTES, "1000");
    p.setProperty(BaselineSettings.BUNDLER, "pd");
    p.setProperty(BaselineSettings.PORT, "7800");
    p.setProperty(BaselineSettings.TIMEOUT_SECONDS, "30");
    p.setProperty(BaselineSettings.ROUNDS, "3");
    p.setProperty(BaselineSettings.WARMUP_SECONDS, "2");

    assertThat(BaselineSettings.fromProperties(p))
        .isEqualTo(
            new BaselineSettings(2_000_000, 0, 1_000, 5, 1000, "pd", 7800, Duration.ofSeconds(30), 3, 2));
  }

  @Test
  void aBadValueIsRejectedNamingItsProperty() {
    assertRejected(BaselineSettings.MESSAGES, "lots", "baseline.messages must be an integer");
    assertRejected(BaselineSettings.MESSAGES, "0", "baseline.messages must be positive");
    assertRejected(BaselineSettings.WARMUP_MESSAGES, "-1", "baseline.warmupMessages");
    assertRejected(BaselineSettings.RPC_CALLS, "0", "baseline.rpcCalls");
    assertRejected(BaselineSettings.RPC_WARMUP_CALLS, "-3", "baseline.rpcWarmupCalls");
    assertRejected(BaselineSettings.PAYLOAD_BYTES, "0", "baseline.payloadBytes");
    assertRejected(BaselineSettings.PAYLOAD_BYTES, "70000", "baseline.payloadBytes");
    assertRejected(BaselineSettings.PORT, "80", "baseline.port");
    assertRejected(BaselineSettings.PORT, "65534", "baseline.port");
    assertRejected(BaselineSettings.TIMEOUT_SECONDS, "0", "baseline.timeoutSeconds");
    assertRejected(BaselineSettings.ROUNDS, "0", "baseline.rounds must be positive");
  }

  @Test
  void roundsReportTheirMedian() {
    assertThat(Rounds.median(new double[] {3, 1, 2})).isEqualTo(2);
    assertThat(Rounds.median(new double[] {4, 1, 2, 3})).isEqualTo(2.5);
    assertThat(Rounds.median(new double[] {7})).isEqualTo(7);
    assertThatThrownBy(() -> Rounds.median(new double[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aWarmUpRepeatsItsRoundUntilItsLeastTimeHasPassed() throws Exception {
    long[] now = {0};
    int[] runs = {0};
    Rounds.Round oneSecond = () -> {
      runs[0]++;
      now[0] += 1_000_000_000L;
      return 1;
    };
    assertThat(Rounds.warmUp(Duration.ofSeconds(3), oneSecond, () -> now[0])).isEqualTo(3);
    assertThat(runs[0]).isEqualTo(3);
    assertThat(Rounds.warmUp(Duration.ZERO, oneSecond, () -> now[0])).isEqualTo(1);
    assertThat(Rounds.warmUp(Duration.ofMillis(2500), oneSecond, () -> now[0])).isEqualTo(3);
    assertRejected(BaselineSettings.WARMUP_SECONDS, "-1", "baseline.warmupSeconds must not be negative");
    assertRejected(BaselineSettings.WARMUP_SECONDS, "121", "baseline.warmupSeconds must not exceed");
  }

  @Test
  void aBlankBundlerIsRejected() {
    assertThatThrownBy(
            () -> new BaselineSettings(1, 0, 1, 0, 100, " ", 0, Duration.ofSeconds(1), 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseline.bundler");
  }

  private static void assertRejected(String property, String value, String message) {
    Properties p = new Properties();
    p.setProperty(property, value);
    assertThatThrownBy(() -> BaselineSettings.fromProperties(p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
