package io.meshage.internal.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ThreadEventLoopTest {
  private final ThreadEventLoop loop = new ThreadEventLoop("test");

  @AfterEach
  void stop() throws InterruptedException {
    loop.shutdown();
    assertThat(loop.awaitTermination(5_000)).isTrue();
  }

  @Test
  void tasksRunInOrderOnTheLoopThread() throws Exception {
    List<Integer> ran = new CopyOnWriteArrayList<>();
    CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
    for (int i = 0; i < 100; i++) {
      int n = i;
      loop.execute(() -> ran.add(n));
    }
    loop.execute(() -> onLoop.complete(loop.inLoop()));
    assertThat(onLoop.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).hasSize(100).isSorted();
  }

  @Test
  void aLazyTaskDoesNotWakeALoopWhoseNextTimerIsNear() throws Exception {
    // The loop waits for a timer 200 ms away; a lazy task allowed to wait 10 s does not wake it
    // (if the loop was still running, it takes the task at its next poll) and runs before that
    // timer (tasks run before timers).
    List<String> ran = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> armed = new CompletableFuture<>();
    CompletableFuture<Void> timerRan = new CompletableFuture<>();
    loop.execute(() -> {
      loop.schedule(() -> {
        ran.add("timer");
        timerRan.complete(null);
      }, TimeUnit.MILLISECONDS.toNanos(200));
      armed.complete(null);
    });
    armed.get(5, TimeUnit.SECONDS);
    long wakeUps = loop.wakeUps();
    loop.executeLazily(() -> ran.add("lazy"), TimeUnit.SECONDS.toNanos(10));
    assertThat(loop.wakeUps()).isEqualTo(wakeUps);
    timerRan.get(5, TimeUnit.SECONDS);
    assertThat(ran).containsExactly("lazy", "timer");
  }

  @Test
  void aLazyTaskWakesALoopThatWouldWaitLongerThanAllowed() throws Exception {
    // Nothing else would wake the loop for a minute: the task, allowed 1 ms, wakes it.
    CompletableFuture<Void> armed = new CompletableFuture<>();
    loop.execute(() -> {
      loop.schedule(() -> {}, TimeUnit.SECONDS.toNanos(60));
      armed.complete(null);
    });
    armed.get(5, TimeUnit.SECONDS);
    CompletableFuture<Boolean> ran = new CompletableFuture<>();
    loop.executeLazily(() -> ran.complete(loop.inLoop()), TimeUnit.MILLISECONDS.toNanos(1));
    assertThat(ran.get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aLazyTaskWakesALoopWithoutTimers() throws Exception {
    CompletableFuture<Boolean> ran = new CompletableFuture<>();
    loop.executeLazily(() -> ran.complete(loop.inLoop()), TimeUnit.SECONDS.toNanos(1));
    assertThat(ran.get(5, TimeUnit.SECONDS)).isTrue();
  }
}
