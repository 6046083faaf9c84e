package io.meshage.tools.baseline;

import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * How much work the JGroups baseline does. Every field has a system property, a default that
 * keeps the whole run under about 30 seconds, and is validated once, here.
 *
 * @param messages unicast messages counted in the throughput phase ({@code baseline.messages})
 * @param warmupMessages unicast messages sent before counting ({@code baseline.warmupMessages})
 * @param rpcCalls synchronous calls whose round trip is recorded ({@code baseline.rpcCalls})
 * @param rpcWarmupCalls calls made before recording ({@code baseline.rpcWarmupCalls})
 * @param payloadBytes size of each message and call argument ({@code baseline.payloadBytes})
 * @param bundlerType JGroups {@code bundler_type} of the TCP transport ({@code baseline.bundler})
 * @param basePort first of three consecutive loopback ports, or 0 to pick free ones ({@code
 *     baseline.port})
 * @param phaseTimeout how long one phase may take before the run fails ({@code
 *     baseline.timeoutSeconds})
 * @param rounds throughput rounds of {@code messages} each after the warm-up, the median of which
 *     is reported ({@code baseline.rounds}; the meshage rigs measure as many)
 * @param warmupSeconds the least time a throughput warm-up takes: rounds of {@code warmupMessages}
 *     repeat until it has passed, so that each side is measured once its JIT has settled rather
 *     than while it compiles ({@code baseline.warmupSeconds}; 0: one round; the meshage rigs warm
 *     up as long)
 */
public record BaselineSettings(
    int messages,
    int warmupMessages,
    int rpcCalls,
    int rpcWarmupCalls,
    int payloadBytes,
    String bundlerType,
    int basePort,
    Duration phaseTimeout,
    int rounds,
    int warmupSeconds) {

  public static final String MESSAGES = "baseline.messages";
  public static final String WARMUP_MESSAGES = "baseline.warmupMessages";
  public static final String RPC_CALLS = "baseline.rpcCalls";
  public static final String RPC_WARMUP_CALLS = "baseline.rpcWarmupCalls";
  public static final String PAYLOAD_BYTES = "baseline.payloadBytes";
  public static final String BUNDLER = "baseline.bundler";
  public static final String PORT = "baseline.port";
  public static final String TIMEOUT_SECONDS = "baseline.timeoutSeconds";
  public static final String ROUNDS = "baseline.rounds";
  public static final String WARMUP_SECONDS = "baseline.warmupSeconds";

  /** The largest payload: one JGroups message below the 60 KB fragmentation size. */
  public static final int MAX_PAYLOAD_BYTES = 60_000;

  public BaselineSettings {
    checkPositive(messages, MESSAGES);
    checkNotNegative(warmupMessages, WARMUP_MESSAGES);
    checkPositive(rpcCalls, RPC_CALLS);
    checkNotNegative(rpcWarmupCalls, RPC_WARMUP_CALLS);
    if (payloadBytes < 1 || payloadBytes > MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException(
          PAYLOAD_BYTES + " must be between 1 and " + MAX_PAYLOAD_BYTES + ", got " + payloadBytes);
    }
    if (bundlerType == null || bundlerType.isBlank()) {
      throw new IllegalArgumentException(BUNDLER + " must name a JGroups bundler, e.g. no-bundler");
    }
    if (basePort != 0 && (basePort < 1024 || basePort > 65_533)) {
      throw new IllegalArgumentException(
          PORT + " must be 0 (pick free ports) or between 1024 and 65533, got " + basePort);
    }
    if (phaseTimeout == null || phaseTimeout.isNegative() || phaseTimeout.isZero()) {
      throw new IllegalArgumentException(TIMEOUT_SECONDS + " must be positive");
    }
    checkPositive(rounds, ROUNDS);
    checkNotNegative(warmupSeconds, WARMUP_SECONDS);
    if (warmupSeconds > phaseTimeout.toSeconds()) {
      throw new IllegalArgumentException(
          WARMUP_SECONDS + " must not exceed " + TIMEOUT_SECONDS + " (" + phaseTimeout.toSeconds()
              + "), got " + warmupSeconds);
    }
  }

  /** The least time a throughput warm-up takes ({@link #warmupSeconds}). */
  public Duration warmup() {
    return Duration.ofSeconds(warmupSeconds);
  }

  /** The defaults: about 20 seconds on a 2-core machine, 5 of them warming up. */
  public static BaselineSettings defaults() {
    return new BaselineSettings(
        1_000_000, 100_000, 50_000, 10_000, 100, "no-bundler", 0, Duration.ofSeconds(120), 1, 5);
  }

  /** The settings from the system properties, defaults for those not set. */
  public static BaselineSettings fromSystemProperties() {
    return fromProperties(System.getProperties());
  }

  /**
   * The settings from {@code properties}, defaults for those not set.
   *
   * @throws IllegalArgumentException naming the property that is not a valid value
   */
  public static BaselineSettings fromProperties(Properties properties) {
    BaselineSettings d = defaults();
    return new BaselineSettings(
        intValue(properties, MESSAGES, d.messages()),
        intValue(properties, WARMUP_MESSAGES, d.warmupMessages()),
        intValue(properties, RPC_CALLS, d.rpcCalls()),
        intValue(properties, RPC_WARMUP_CALLS, d.rpcWarmupCalls()),
        intValue(properties, PAYLOAD_BYTES, d.payloadBytes()),
        properties.getProperty(BUNDLER, d.bundlerType()).trim(),
        intValue(properties, PORT, d.basePort()),
        Duration.ofSeconds(
            intValue(properties, TIMEOUT_SECONDS, (int) d.phaseTimeout().toSeconds())),
        intValue(properties, ROUNDS, d.rounds()),
        intValue(properties, WARMUP_SECONDS, d.warmupSeconds()));
  }

  private static int intValue(Properties properties, String name, int defaultValue) {
    String text = properties.getProperty(name);
    if (text == null || text.isBlank()) {
      return defaultValue;
    }
    String digits = text.trim().replace("_", "").replace(",", "");
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "%s must be an integer, got '%s'", name, text), e);
    }
  }

  private static void checkPositive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  private static void checkNotNegative(int value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
  }
}
