package io.meshage.tools.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class InFlightWindowTest {
  @Test
  void theSenderNeverHasMoreThanTheWindowInFlightAndEverythingComesBack() throws Exception {
    int size = 64;
    InFlightWindow w = new InFlightWindow(size);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicLong done = new AtomicLong();
    ExecutorService completers = Executors.newFixedThreadPool(2);
    try {
      for (int i = 0; i < 50_000; i++) {
        w.take(TimeUnit.SECONDS.toNanos(20));
        most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        completers.execute(() -> {
          inFlight.decrementAndGet();
          done.incrementAndGet();
          w.give();
        });
      }
      w.awaitAll(TimeUnit.SECONDS.toNanos(20));
      assertThat(done.get()).isEqualTo(50_000);
      assertThat(most.get()).isLessThanOrEqualTo(size);
    } finally {
      completers.shutdownNow();
    }
  }

  @Test
  void aWindowThatNeverDrainsFailsWithTheCountInFlight() {
    InFlightWindow w = new InFlightWindow(2);
    w.take(TimeUnit.SECONDS.toNanos(1));
    w.take(TimeUnit.SECONDS.toNanos(1));
    assertThatThrownBy(() -> w.take(TimeUnit.MILLISECONDS.toNanos(20)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("2 messages still in flight");
    assertThatThrownBy(() -> new InFlightWindow(0)).hasMessageContaining("rig.window");
  }
}
