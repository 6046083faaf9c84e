package io.meshage.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** bilateralrpc's defaults: the 2 s call timeout, the 200 ms floor, and opt-in retries of idempotent methods. */
@Timeout(120)
class RpcDefaultsSimTest {
  /**
   * n0 calls n1, whose replies are lost for the first 100 ms (the first reply): only a call of an
   * idempotent method asks again. {@code timeout} null: the default.
   */
  private static Response<Integer> callWithLostReply(RpcSim m, boolean idempotent, Duration timeout) {
    if (idempotent) {
      m.rpc("n0").markIdempotent("Arith.increment");
    }
    m.sim.faults("n1").loss(1.0);
    long start = m.sim.nanoTime();
    CompletableFuture<List<Response<Integer>>> f = timeout == null
        ? m.rpc("n0").callAsync(List.of("n1"), "Arith.increment", 41, Integer.class)
        : m.rpc("n0").callAsync(List.of("n1"), "Arith.increment", 41, Integer.class, timeout);
    m.sim.runFor(Duration.ofMillis(100));
    m.sim.faults("n1").loss(0);
    Response<Integer> r = m.await(f, Duration.ofSeconds(5)).get(0);
    System.out.printf("%s after %d ms%n", r, (m.sim.nanoTime() - start) / 1_000_000);
    return r;
  }

  @Test
  void aCallWithoutTimeoutWaitsTwoSeconds() {
    RpcSim m = RpcSim.of(3, 61);
    Response<Integer> r = callWithLostReply(m, false, null);
    assertThat(r.status()).isEqualTo(Response.Status.TIMEOUT);
    assertThat(r.error()).contains("2000 ms");
    assertThat(m.rpc("n0").stats().get(RpcCounter.RETRIES)).isZero();
  }

  @Test
  void aShorterTimeoutIsRaisedTo200MsAndZeroIsRefused() {
    RpcSim m = RpcSim.of(3, 62);
    Response<Integer> r = callWithLostReply(m, false, Duration.ofMillis(20));
    assertThat(r.status()).isEqualTo(Response.Status.TIMEOUT);
    assertThat(r.error()).contains("200 ms");
    assertThat(m.rpc("n0").stats().get(RpcCounter.TIMEOUTS_RAISED)).isEqualTo(1);
    assertThatThrownBy(() -> m.rpc("n0").callAsync(List.of("n1"), "Arith.increment", 1, Integer.class,
        Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anIdempotentMethodIsAskedAgain() {
    RpcSim m = RpcSim.of(3, 63);
    Response<Integer> r = callWithLostReply(m, true, null);
    assertThat(r.status()).isEqualTo(Response.Status.OK);
    assertThat(r.value()).isEqualTo(42);
    assertThat(m.rpc("n0").stats().get(RpcCounter.RETRIES)).isEqualTo(1);
    assertThat(m.rpc("n0").retries("Arith.increment")).isEqualTo(BilateralRpc.DEFAULT_RETRIES);
    assertThatThrownBy(() -> m.rpc("n0").markIdempotent("Arith.increment", -1))
        .isInstanceOf(IllegalArgumentException.class);
    m.rpc("n0").markIdempotent("Arith.increment", 0);
    assertThat(m.rpc("n0").retries("Arith.increment")).isZero();
  }
}
