package io.meshage.internal.command;

import io.meshage.Seeds;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.MeshConfig;
import io.meshage.MeshException;
import io.meshage.MeshNode;
import io.meshage.MeshTimeoutException;
import io.meshage.RemoteHandlerException;
import io.meshage.UnreachableException;
import io.meshage.command.CommandCounter;
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

/** The call table: every call completes once, whoever gets there first; counters add up. */
@Timeout(60)
class CallTableTest {
  /** One seed per test (see {@link Seeds}). */
  private final long seed = Seeds.seed("CallTableTest");

  private static final long MS = 1_000_000L;

  private static Envelope answer(long call, byte status, String error, byte[] payload) {
    return Envelope.answer(Envelope.RPC_RESPONSE, 10001, call, status, error, payload);
  }

  private static PendingCall<byte[]> call(CommandContext ctx, CallTable table, String target) {
    return new PendingCall<>(ctx, table, ctx.nextId(), target, 10001, "RPC", Function.identity());
  }

  @Test
  void answersRacingTimeoutsOnRealThreadsCompleteEachCallOnce() throws Exception {
    Random random = new Random(seed);
    ExecutorService handlers = Executors.newFixedThreadPool(2);
    ExecutorService answerers = Executors.newFixedThreadPool(2);
    NodeRuntime runtime = TcpNodes.start(MeshConfig.local("race").degree(0).discoveryPort(0).build());
    try (MeshNode node = new MeshNode(runtime)) {
      CommandContext ctx = new CommandContext(runtime.core(), handlers);
      CallTable table = new CallTable(ctx, new Outbox(ctx, (e, s) -> {}));
      int n = 1_000;
      List<PendingCall<byte[]>> calls = new ArrayList<>();
      for (int batch = 0; batch < n / 10; batch++) {
        // ten calls with 1-2 ms timeouts, each answered 0-3 ms after it opened, on two threads
        List<CompletableFuture<?>> answered = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          PendingCall<byte[]> c = call(ctx, table, "peer");
          calls.add(c);
          long opened = System.nanoTime();
          table.open(c, MS + random.nextInt(1_000_000));
          Envelope ok = answer(c.id, Envelope.OK, "", new byte[] {(byte) i});
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
      for (PendingCall<byte[]> c : calls) {
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
      assertThat(table.pending()).isZero();
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
    CallTable table = new CallTable(ctx, new Outbox(ctx, (e, s) -> {}));

    PendingCall<byte[]> late = call(ctx, table, "peer");
    table.open(late, 10 * MS);
    table.answered(answer(late.id, Envelope.OK, "", new byte[] {1}), "impostor"); // wrong sender
    sim.runFor(Duration.ofMillis(20));
    assertThat(late.future).isCompletedExceptionally();
    table.answered(answer(late.id, Envelope.OK, "", new byte[] {1}), "peer"); // after the timeout
    assertThat(cause(late.future)).isInstanceOf(MeshTimeoutException.class);

    PendingCall<byte[]> remote = call(ctx, table, "peer");
    table.open(remote, 1_000 * MS);
    table.answered(answer(remote.id, Envelope.HANDLER_ERROR, "boom", new byte[0]), "peer");
    assertThat(cause(remote.future)).isInstanceOf(RemoteHandlerException.class).hasMessageContaining("boom");

    PendingCall<byte[]> gone = call(ctx, table, "peer");
    PendingCall<byte[]> stays = call(ctx, table, "other");
    table.open(gone, 1_000 * MS);
    table.open(stays, 1_000 * MS);
    table.lost(Set.of("other"));
    assertThat(cause(gone.future)).isInstanceOf(UnreachableException.class);
    assertThat(stays.future).isNotDone();
    table.closeAll();
    assertThat(cause(stays.future)).isInstanceOf(MeshException.class).hasMessageContaining("closed");
    sim.runFor(Duration.ofSeconds(2)); // the cancelled timers fire nothing
    assertThat(table.pending()).isZero();
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
