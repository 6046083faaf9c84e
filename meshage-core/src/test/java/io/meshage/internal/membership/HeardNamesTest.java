package io.meshage.internal.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.Seeds;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The table of heard names against a plain map, on seeded random puts, removals and prunes. */
@Timeout(30)
class HeardNamesTest {
  @Test
  void hearingAgainUpdatesTheTimeAndIsNotNew() {
    HeardNames h = new HeardNames();
    assertThat(h.put("a", 1)).isTrue();
    assertThat(h.put("a", 5)).isFalse();
    assertThat(h.size()).isEqualTo(1);
    h.removeIf(3, n -> false);
    assertThat(h.contains("a")).as("heard at 5, kept from 3 on").isTrue();
    h.removeIf(6, n -> false);
    assertThat(h.isEmpty()).isTrue();
  }

  @RepeatedTest(20)
  void behavesAsAMapOfNameToTime(RepetitionInfo rep) throws Exception {
    Seeds.check(rep, 20, random -> {
      HeardNames h = new HeardNames();
      Map<String, Long> model = new HashMap<>();
      // few distinct names, so that clusters, removals and regrowth all happen
      int names = Seeds.between(random, 1, 400);
      for (int step = 0; step < 2_000; step++) {
        String n = "n" + random.nextInt(names);
        long t = step;
        switch (random.nextInt(10)) {
          case 0 -> assertThat(h.remove(n)).isEqualTo(model.remove(n) != null);
          case 1 -> {
            long oldest = step - random.nextInt(300);
            int mod = 1 + random.nextInt(5);
            h.removeIf(oldest, x -> x.hashCode() % mod == 0);
            model.entrySet().removeIf(e -> e.getValue() < oldest || e.getKey().hashCode() % mod == 0);
          }
          default -> assertThat(h.put(n, t)).isEqualTo(model.put(n, t) == null);
        }
        assertThat(h.size()).isEqualTo(model.size());
      }
      for (int i = 0; i < names; i++) {
        assertThat(h.contains("n" + i)).as("n%d", i).isEqualTo(model.containsKey("n" + i));
      }
    });
  }
}
