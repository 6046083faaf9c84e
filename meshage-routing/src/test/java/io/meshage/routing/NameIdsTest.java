package io.meshage.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ids of names: stable, dense, found by equal strings, and readable while the owner adds. */
@Timeout(30)
class NameIdsTest {
  @Test
  void namesGetDenseStableIdsFoundByEqualStrings() {
    NameIds ids = new NameIds();
    for (int i = 0; i < 5_000; i++) {
      assertThat(ids.intern("n" + i)).isEqualTo(i);
    }
    assertThat(ids.size()).isEqualTo(5_000);
    for (int i = 0; i < 5_000; i++) {
      // a new string object each time: found by equality, not identity
      assertThat(ids.idOf(new String("n" + i))).isEqualTo(i);
      assertThat(ids.intern("n" + i)).isEqualTo(i);
      assertThat(ids.names()[i]).isEqualTo("n" + i);
    }
    assertThat(ids.idOf("unknown")).isEqualTo(-1);
    assertThat(ids.row(2, List.of("n7", "n2", "n7", "unknown", "n3"))).containsExactly(3, 7);
  }

  @Test
  void aReaderWhileTheOwnerAddsSeesEachNameAbsentOrWithItsId() throws Exception {
    NameIds ids = new NameIds();
    int n = 200_000;
    AtomicInteger added = new AtomicInteger();
    CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
      java.util.Random r = new java.util.Random(1);
      while (added.get() < n) {
        int known = added.get();
        int i = r.nextInt(known + 1);
        int id = ids.idOf("n" + i);
        if (i < known) {
          assertThat(id).as("n%d added before the read", i).isEqualTo(i);
        } else {
          assertThat(id).isIn(-1, i);
        }
      }
    });
    for (int i = 0; i < n; i++) {
      ids.intern("n" + i);
      added.set(i + 1);
    }
    reader.get();
  }
}
