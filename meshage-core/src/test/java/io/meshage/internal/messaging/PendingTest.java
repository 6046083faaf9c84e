package io.meshage.internal.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.Delivery;
import io.meshage.Failure;
import io.meshage.Seeds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Timeout;

/** The per-message ACK state of the origin, for few (scan, bits), many (index) and very many (array) recipients. */
@Timeout(20)
class PendingTest {
  @RepeatedTest(5)
  void tracksEveryRecipientOnceWhateverTheirNumber(RepetitionInfo rep) throws Exception {
    Seeds.check(rep, 200, random -> {
      int n = List.of(1, 2, 8, 9, 63, 64, 65, 200).get(random.nextInt(8));
      List<String> names = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        names.add("r" + i);
      }
      AckTracker.Pending p = new AckTracker.Pending(1, 0, names, new CompletableFuture<Delivery>(), (byte) 0, null);
      Set<String> waiting = new LinkedHashSet<>(names);
      Set<String> delivered = new LinkedHashSet<>();
      Map<String, Failure> failed = new HashMap<>();
      for (int step = 0; step < 3 * n; step++) {
        String who = random.nextInt(10) == 0 ? "stranger" : names.get(random.nextInt(n));
        boolean wasWaiting = waiting.contains(who);
        assertThat(p.isWaiting(who)).isEqualTo(wasWaiting);
        if (random.nextBoolean()) {
          assertThat(p.delivered(who)).isEqualTo(wasWaiting);
          if (wasWaiting) {
            delivered.add(who);
          }
        } else {
          assertThat(p.failed(who, Failure.TIMEOUT)).isEqualTo(wasWaiting);
          if (wasWaiting) {
            failed.put(who, Failure.TIMEOUT);
          }
        }
        waiting.remove(who);
        assertThat(p.waiting()).containsExactlyElementsOf(waiting);
        assertThat(p.noneWaiting()).isEqualTo(waiting.isEmpty());
      }
      for (String w : new ArrayList<>(waiting)) {
        assertThat(p.delivered(w)).isTrue();
        delivered.add(w);
      }
      Delivery d = p.verdict();
      assertThat(d.delivered()).isEqualTo(delivered);
      assertThat(d.failed()).isEqualTo(failed);
    });
  }
}
