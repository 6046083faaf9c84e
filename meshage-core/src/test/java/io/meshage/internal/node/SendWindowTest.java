package io.meshage.internal.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SendWindowTest {
  @Test
  void aFullWindowRefusesUntilASlotComesBack() throws Exception {
    SendWindow w = new SendWindow(3);
    assertThat(w.tryAcquire()).isTrue();
    assertThat(w.tryAcquire()).isTrue();
    assertThat(w.tryAcquire()).isTrue();
    assertThat(w.inUse()).isEqualTo(3);
    assertThat(w.tryAcquire()).isFalse();
    assertThat(w.acquire(20)).isFalse();
    w.release();
    assertThat(w.inUse()).isEqualTo(2);
    assertThat(w.tryAcquire()).isTrue();
    assertThat(w.tryAcquire()).isFalse();
    assertThatThrownBy(() -> new SendWindow(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one slot");
  }

  @Test
  void aWaitingCallerGetsTheSlotAnotherThreadGivesBack() throws Exception {
    SendWindow w = new SendWindow(1);
    assertThat(w.tryAcquire()).isTrue();
    CountDownLatch waiting = new CountDownLatch(1);
    CompletableFuture<Boolean> got = CompletableFuture.supplyAsync(() -> {
      waiting.countDown();
      try {
        return w.acquire(TimeUnit.SECONDS.toMillis(20));
      } catch (InterruptedException e) {
        return false;
      }
    });
    waiting.await();
    w.release();
    assertThat(got.get(20, TimeUnit.SECONDS)).isTrue();
    assertThat(w.inUse()).isEqualTo(1);
  }

  @Test
  void manyTakersAndGiversNeverExceedTheWindow() throws Exception {
    // Seeded only by thread timing: 4 takers, each slot given back by a giver thread; the number
    // of slots held (counted independently) never passes the window, and every slot comes back.
    int size = 16;
    int each = 50_000;
    SendWindow w = new SendWindow(size);
    AtomicInteger held = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    java.util.concurrent.LinkedBlockingQueue<Integer> toGive = new java.util.concurrent.LinkedBlockingQueue<>();
    AtomicLong givenBack = new AtomicLong();
    int takers = 4;
    Thread giver = new Thread(() -> {
      try {
        for (long n = 0; n < (long) takers * each; n++) {
          toGive.take();
          held.decrementAndGet();
          w.release();
          givenBack.incrementAndGet();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    giver.start();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < takers; t++) {
      Thread th = new Thread(() -> {
        for (int i = 0; i < each; i++) {
          boolean ok;
          try {
            ok = i % 2 == 0 ? w.acquire(TimeUnit.SECONDS.toMillis(20)) : spinTake(w);
          } catch (InterruptedException e) {
            return;
          }
          if (!ok) {
            throw new AssertionError("no slot within 20 s");
          }
          most.accumulateAndGet(held.incrementAndGet(), Math::max);
          toGive.add(i);
        }
      });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join(TimeUnit.SECONDS.toMillis(25));
    }
    giver.join(TimeUnit.SECONDS.toMillis(25));
    assertThat(givenBack.get()).isEqualTo((long) takers * each);
    assertThat(most.get()).isLessThanOrEqualTo(size);
    assertThat(w.inUse()).isZero();
  }

  private static boolean spinTake(SendWindow w) {
    while (!w.tryAcquire()) {
      Thread.onSpinWait();
    }
    return true;
  }
}
