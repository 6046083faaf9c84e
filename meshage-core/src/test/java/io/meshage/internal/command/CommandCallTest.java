package io.meshage.internal.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.MeshConfig;
import io.meshage.MeshException;
import io.meshage.MeshNode;
import io.meshage.MeshTimeoutException;
import io.meshage.RemoteHandlerException;
import io.meshage.Seeds;
import io.meshage.UnreachableException;
import io.meshage.command.CommandCounter;
import io.meshage.internal.facade.LocalNode;
import io.meshage.internal.node.NodeRuntime;
import io.meshage.internal.node.TcpNodes;
import io.meshage.sim.SimCores;
import io.meshage.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Requests and RPCs on the call engine: every call completes once, whoever gets there first;
 * counters add up. (Was CallTableTest, before the call engine.)
 */
@Timeout(60)
class CommandCallTest {
  /** One seed per test (see {@link Seeds}). */
  private final long seed = Seeds.seed("CommandCallTest");

  private static final long MS = 1_000_000L;

  private static Envelope answer(long call, byte status, String error, byte[] payload) {
    return Envelope.answer(Envelope.RPC_RESPONSE, 10001, call, status, error, payload);
  }

  private static CommandCall<byte[]> call(CommandContext ctx, String target, long timeoutNanos) {
    CommandCall<byte[]> c = new CommandCall<>(ctx, target, 10001, "RPC", Function.identity(), timeoutNanos);
    ctx.calls.open(c, timeoutNanos);
    return c;
  }

  @Test
  void answersRacingTimeoutsOnRealThreadsCompleteEachCallOnce() throws Exception {
    Random random = new Random(seed);
    ExecutorService handlers = Executors.newFixedThreadPool(2);
    ExecutorService answerers = Executors.newFixedThreadPool(2);
    NodeRuntime runtime = TcpNodes.start(MeshConfig.local("race").degree(0).discoveryPort(0).build());
    try (MeshNode node = new LocalNode(runtime)) {
      CommandContext ctx = new CommandContext(runtime.core(), handlers);
      Requests table = new Requests(ctx, new Outbox(ctx, (e, s) -> {}));
      int n = 1_000;
      List<CommandCall<byte[]>> calls = new ArrayList<>();
      for (int batch = 0; batch < n / 10; batch++) {
        // ten calls with 1-2 ms timeouts, each answered 0-3 ms after it opened, on two threads
        List<CompletableFuture<?>> answered = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          long opened = System.nanoTime();
          CommandCall<byte[]> c = call(ctx, "peer", MS + random.nextInt(1_000_000));
          calls.add(c);
          Envelope ok = answer(c.id(), Envelope.OK, "", new byte[] {(byte) i});
          long at = opened + random.nextInt(3_000_000);
          answered.add(CompletableFuture.runAsync(() -> {
            while (System.nanoTime() < at) {
              Thread.onSpinWait();
            }
            table.answered(ok, "peer");
            table.answered(ok, "peer"); // duplicates are harmless
          }, answerers));
        }
        CompletableFuture.allOf(answered.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      }
      int succeeded = 0;
      int timedOut = 0;
      for (CommandCall<byte[]> c : calls) {
        try {
          c.future.get(10, TimeUnit.SECONDS);
          succeeded++;
        } catch (ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(MeshTimeoutException.class);
          timedOut++;
        }
      }
      System.out.printf("%d calls: %d answered first, %d timed out first%n", n, succeeded, timedOut);
      assertThat(succeeded + timedOut).isEqualTo(n);
      assertThat(ctx.calls.pending()).isZero();
      assertThat(ctx.metrics.get(CommandCounter.CALLS_SUCCEEDED)).isEqualTo(succeeded);
      assertThat(ctx.metrics.get(CommandCounter.CALLS_FAILED)).isEqualTo(timedOut);
      assertThat(ctx.metrics.get(CommandCounter.CALLS_TIMED_OUT)).isEqualTo(timedOut);
    } finally {
      answerers.shutdownNow();
      handlers.shutdownNow();
    }
  }

  @Test
  void lateWrongAndFailedAnswersOnVirtualTime() {
    Simulation sim = new Simulation(seed);
    MeshNode node = sim.addNode(MeshConfig.builder("v").degree(0).discoveryPort(0).build());
    CommandContext ctx = new CommandContext(SimCores.core(sim, node.name()), Runnable::run);
    Requests table = new Requests(ctx, new Outbox(ctx, (e, s) -> {}));

    CommandCall<byte[]> late = call(ctx, "peer", 10 * MS);
    table.answered(answer(late.id(), Envelope.OK, "", new byte[] {1}), "impostor"); // wrong sender
    sim.runFor(Duration.ofMillis(20));
    assertThat(late.future).isCompletedExceptionally();
    table.answered(answer(late.id(), Envelope.OK, "", new byte[] {1}), "peer"); // after the timeout
    assertThat(cause(late.future)).isInstanceOf(MeshTimeoutException.class);

    CommandCall<byte[]> remote = call(ctx, "peer", 1_000 * MS);
    table.answered(answer(remote.id(), Envelope.HANDLER_ERROR, "boom", new byte[0]), "peer");
    assertThat(cause(remote.future)).isInstanceOf(RemoteHandlerException.class).hasMessageContaining("boom");

    CommandCall<byte[]> gone = call(ctx, "peer", 1_000 * MS);
    CommandCall<byte[]> stays = call(ctx, "other", 1_000 * MS);
    ctx.calls.topologyChanged(Set.of("other"));
    assertThat(cause(gone.future)).isInstanceOf(UnreachableException.class);
    assertThat(stays.future).isNotDone();
    ctx.calls.close("node v closed while the call was pending");
    assertThat(cause(stays.future)).isInstanceOf(MeshException.class).hasMessageContaining("closed");
    sim.runFor(Duration.ofSeconds(2)); // the cancelled timers fire nothing
    assertThat(ctx.calls.pending()).isZero();
    assertThat(ctx.metrics.get(CommandCounter.CALLS_FAILED)).isEqualTo(4);
    assertThat(ctx.metrics.get(CommandCounter.CALLS_TIMED_OUT)).isEqualTo(1);
    assertThat(ctx.metrics.get(CommandCounter.CALLS_SUCCEEDED)).isZero();
  }

  private static Throwable cause(CompletableFuture<?> f) {
    assertThat(f).isDone();
    try {
      f.getNow(null);
      throw new AssertionError("completed normally");
    } catch (java.util.concurrent.CompletionException e) {
      return e.getCause();
    }
  }
}
