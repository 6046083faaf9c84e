package io.meshage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.internal.node.ThreadEventLoop;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link HandoffFuture} on a real loop thread: the loop settles it, a blocked caller wakes, and
 * every dependent runs on the caller's thread or a handler thread, never on the loop; a caller
 * that stopped waiting leaves nobody stranded.
 */
@Timeout(30)
class HandoffFutureTest {
  private final ThreadEventLoop loop = new ThreadEventLoop("handoff-test");
  private final ExecutorService handlers = Executors.newFixedThreadPool(2, r -> new Thread(r, "handler"));

  @AfterEach
  void stop() throws InterruptedException {
    loop.shutdown();
    loop.awaitTermination(2000);
    handlers.shutdownNow();
  }

  @Test
  void dependentsNeverRunOnTheLoopWhetherOrNotSomebodyWaits() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 200; i++) {
      HandoffFuture<Integer> f = new HandoffFuture<>(loop, handlers);
      CompletableFuture<Void> seen = f.thenAccept(v -> ran.add(Thread.currentThread().getName()));
      CompletableFuture<Object> any = CompletableFuture.anyOf(f).thenApply(v -> ran.add(Thread.currentThread().getName()));
      int n = i;
      loop.execute(() -> f.complete(n));
      if (i % 2 == 0) {
        assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo(n); // a blocked caller, half the time
      }
      seen.get(5, TimeUnit.SECONDS);
      any.get(5, TimeUnit.SECONDS);
    }
    assertThat(ran).hasSize(400).noneMatch(t -> t.startsWith("meshage-loop-"));
  }

  @Test
  void aSpinningCallerGetsTheOutcomeAndDependentsStillRunOffTheLoop() throws Exception {
    ThreadEventLoop spinning = new ThreadEventLoop("handoff-spin", TimeUnit.MILLISECONDS.toNanos(1));
    try {
      assertThat(spinning.callerSpinNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
      List<String> ran = new CopyOnWriteArrayList<>();
      for (int i = 0; i < 200; i++) {
        HandoffFuture<Integer> f = new HandoffFuture<>(spinning, handlers);
        CompletableFuture<Void> seen = f.thenAccept(v -> ran.add(Thread.currentThread().getName()));
        int n = i;
        spinning.execute(() -> f.complete(n));
        assertThat(i % 2 == 0 ? f.get(5, TimeUnit.SECONDS) : f.join()).isEqualTo(n);
        seen.get(5, TimeUnit.SECONDS);
      }
      assertThat(ran).hasSize(200).noneMatch(t -> t.startsWith("meshage-loop-"));
    } finally {
      spinning.shutdown();
      spinning.awaitTermination(2000);
    }
  }

  @Test
  void spinWaitStopsAtItsBoundOrAtTheOutcome() throws Exception {
    CompletableFuture<Integer> never = new CompletableFuture<>();
    long start = System.nanoTime();
    assertThat(SpinWait.briefly(never, TimeUnit.MICROSECONDS.toNanos(200))).isFalse();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MICROSECONDS.toNanos(200));
    assertThat(SpinWait.briefly(never, 0)).isFalse();
    CompletableFuture<Integer> later = new CompletableFuture<>();
    loop.execute(() -> later.complete(1));
    // a spin far longer than the test's timeout ends as soon as the loop completes the future
    assertThat(SpinWait.briefly(later, TimeUnit.SECONDS.toNanos(600))).isTrue();
  }

  @Test
  void aCallerThatGaveUpLeavesTheDependentsToAHandler() throws Exception {
    for (int i = 0; i < 200; i++) {
      HandoffFuture<Integer> f = new HandoffFuture<>(loop, handlers);
      CountDownLatch done = new CountDownLatch(1);
      f.thenRun(done::countDown);
      CountDownLatch go = new CountDownLatch(1);
      loop.execute(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        f.complete(1);
      });
      try {
        f.get(1, TimeUnit.MICROSECONDS); // gives up at about the time the loop settles it
      } catch (TimeoutException expected) {
        // the race under test
      } finally {
        go.countDown();
      }
      assertThat(done.await(5, TimeUnit.SECONDS)).as("round %d: dependents ran", i).isTrue();
    }
  }

  @Test
  void workAfterTheOutcomeSeesWhatTheSettlingThreadWrote() throws Exception {
    for (int i = 0; i < 200; i++) {
      int n = i;
      String[] afterThread = new String[1];
      long[] seen = new long[1];
      HandoffFuture<Integer> f = new HandoffFuture<>(loop, handlers) {
        private long written;

        @Override
        protected void onSettled(Integer value, Throwable error) {
          written = value + 1000L;
        }

        @Override
        protected void afterSettled(Integer value, Throwable error) {
          seen[0] = written;
          afterThread[0] = Thread.currentThread().getName();
        }

        @Override
        protected boolean hasWorkAfterSettled() {
          return true;
        }

        @Override
        protected boolean completesOnLoop() {
          return true;
        }
      };
      loop.execute(() -> f.complete(n));
      assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo(n);
      f.thenRun(() -> { }).get(5, TimeUnit.SECONDS);
      assertThat(seen[0]).isEqualTo(n + 1000L);
      assertThat(afterThread[0]).doesNotStartWith("meshage-loop-");
    }
  }
}
