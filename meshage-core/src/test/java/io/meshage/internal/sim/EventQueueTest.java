package io.meshage.internal.sim;

import io.meshage.Seeds;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Timeout;

/** The calendar queue polls in exactly the order of one priority queue, also when fed while polled. */
@Timeout(30)
class EventQueueTest {
  private record Ev(long time, long tie) implements Comparable<Ev> {
    @Override
    public int compareTo(Ev o) {
      int c = Long.compare(time, o.time);
      return c != 0 ? c : Long.compare(tie, o.tie);
    }
  }

  @RepeatedTest(20)
  void pollsInPriorityOrder(RepetitionInfo rep) {
    long seed = Seeds.seed("EventQueueTest#pollsInPriorityOrder", rep);
    Random r = new Random(seed);
    EventQueue<Ev> q = new EventQueue<>(Ev::time);
    PriorityQueue<Ev> truth = new PriorityQueue<>();
    long now = 0;
    long tie = 0;
    for (int step = 0; step < 20_000; step++) {
      if (r.nextInt(3) > 0 || truth.isEmpty()) {
        // near (same bucket), soon, later, past the horizon, or at exactly now
        long delay = switch (r.nextInt(5)) {
          case 0 -> 0;
          case 1 -> r.nextInt(100_000);
          case 2 -> r.nextInt(5_000_000);
          case 3 -> 4_000_000_000L + r.nextInt(2_000_000_000);
          default -> r.nextInt(20) * 1_000_000L;
        };
        Ev e = new Ev(now + delay, tie++ % 7);
        q.add(e);
        truth.add(e);
      } else {
        Ev expected = truth.poll();
        assertThat(q.poll()).as("seed %d (-Dmeshage.seed=%d) step %d", seed, seed, step).isEqualTo(expected);
        now = expected.time();
      }
    }
    while (!truth.isEmpty()) {
      assertThat(q.poll()).as("seed %d", seed).isEqualTo(truth.poll());
    }
    assertThat(q.isEmpty()).isTrue();
    assertThat(q.poll()).isNull();
  }
}
