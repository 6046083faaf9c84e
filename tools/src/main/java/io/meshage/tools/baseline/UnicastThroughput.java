package io.meshage.tools.baseline;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.util.MessageBatch;

/**
 * Unicast throughput: one member sends a run of messages to another, which counts them; the rate
 * is taken from the first send to the arrival of the last message.
 */
final class UnicastThroughput {
  private UnicastThroughput() {}

  /**
   * Messages per second from {@code sender} to {@code receiver} after a warm-up (rounds of {@code
   * warmupMessages} for at least {@code warmupSeconds}): the median of {@code settings.rounds()}
   * rounds.
   */
  static double measure(JChannel sender, JChannel receiver, BaselineSettings settings)
      throws Exception {
    Counter counter = new Counter();
    receiver.setReceiver(counter);
    try {
      byte[] payload = new byte[settings.payloadBytes()];
      Address target = receiver.getAddress();
      if (settings.warmupMessages() > 0) {
        Rounds.warmUp(settings.warmup(),
            () -> run(sender, target, payload, settings.warmupMessages(), counter, settings.phaseTimeout()));
      }
      double[] rates = new double[settings.rounds()];
      for (int r = 0; r < rates.length; r++) {
        rates[r] = run(sender, target, payload, settings.messages(), counter, settings.phaseTimeout());
      }
      return Rounds.median(rates);
    } finally {
      receiver.setReceiver(null);
    }
  }

  private static double run(
      JChannel sender,
      Address target,
      byte[] payload,
      int count,
      Counter counter,
      Duration timeout)
      throws Exception {
    Round round = counter.begin(count);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      sender.send(new BytesMessage(target, payload));
    }
    if (!round.done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new IllegalStateException(
          "receiver got " + round.received.get() + " of " + count + " messages in " + timeout);
    }
    return count * 1e9 / (round.lastArrivalNanos - start);
  }

  /** The messages expected in one run and when the last of them arrived. */
  private static final class Round {
    final long expected;
    final AtomicLong received = new AtomicLong();
    final CountDownLatch done = new CountDownLatch(1);
    volatile long lastArrivalNanos;

    Round(long expected) {
      this.expected = expected;
    }

    void arrived(long messages) {
      if (received.addAndGet(messages) == expected) {
        lastArrivalNanos = System.nanoTime();
        done.countDown();
      }
    }
  }

  /** Counts arrivals against the current round; runs on JGroups' delivery threads. */
  private static final class Counter implements Receiver {
    private volatile Round round = new Round(Long.MAX_VALUE);

    Round begin(long expected) {
      Round next = new Round(expected);
      round = next;
      return next;
    }

    @Override
    public void receive(Message message) {
      round.arrived(1);
    }

    @Override
    public void receive(MessageBatch batch) {
      round.arrived(batch.size());
    }
  }
}
