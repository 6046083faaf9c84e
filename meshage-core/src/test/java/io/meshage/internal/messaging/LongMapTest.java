package io.meshage.internal.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.Seeds;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class LongMapTest {
  @Test
  void putGetRemove() {
    LongMap<String> m = new LongMap<>();
    assertThat(m.get(1)).isNull();
    m.put(1, "a");
    m.put(-7, "b");
    m.put(1, "c");
    assertThat(m.size()).isEqualTo(2);
    assertThat(m.get(1)).isEqualTo("c");
    assertThat(m.remove(-7)).isEqualTo("b");
    assertThat(m.remove(-7)).isNull();
    assertThat(m.get(-7)).isNull();
    assertThat(m.values()).containsExactly("c");
  }

  @Test
  void growsAndShrinksThroughASlidingRangeOfIds() {
    LongMap<Long> m = new LongMap<>();
    for (long id = 0; id < 200_000; id++) {
      m.put(id, id);
      if (id >= 1000) {
        assertThat(m.remove(id - 1000)).isEqualTo(id - 1000);
      }
    }
    assertThat(m.size()).isEqualTo(1000);
    for (long id = 199_000; id < 200_000; id++) {
      assertThat(m.get(id)).isEqualTo(id);
      m.remove(id);
    }
    assertThat(m.isEmpty()).isTrue();
  }

  @Test
  void aLargeTableThatEmptiesShrinksAndKeepsItsEntries() {
    LongMap<Long> m = new LongMap<>();
    for (long id = 0; id < 300_000; id++) {
      m.put(id * 3, id);
    }
    for (long id = 0; id < 300_000; id++) {
      if (id % 1000 != 0) {
        assertThat(m.remove(id * 3)).isEqualTo(id);
      }
    }
    assertThat(m.size()).isEqualTo(300);
    for (long id = 0; id < 300_000; id += 1000) {
      assertThat(m.get(id * 3)).isEqualTo(id);
    }
    assertThat(m.get(3)).isNull();
  }

  /** Random operations on keys from a small range (long probe runs, many removals) match a HashMap. */
  @RepeatedTest(5)
  void behavesLikeAHashMap(RepetitionInfo rep) throws Exception {
    Seeds.check(rep, 20, random -> {
      LongMap<Long> m = new LongMap<>();
      Map<Long, Long> expected = new HashMap<>();
      int range = Seeds.between(random, 4, 3000);
      for (int op = 0; op < 20_000; op++) {
        long key = random.nextInt(range) * (random.nextBoolean() ? 1L : 1L << 32);
        switch (random.nextInt(3)) {
          case 0 -> {
            long v = random.nextLong();
            m.put(key, v);
            expected.put(key, v);
          }
          case 1 -> assertThat(m.remove(key)).isEqualTo(expected.remove(key));
          default -> assertThat(m.get(key)).isEqualTo(expected.get(key));
        }
        assertThat(m.size()).isEqualTo(expected.size());
      }
      assertThat(m.values()).containsExactlyInAnyOrderElementsOf(expected.values());
    });
  }
}
