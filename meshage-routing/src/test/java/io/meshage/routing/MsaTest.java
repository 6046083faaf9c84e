package io.meshage.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MsaTest {
  @Test
  void copiesItsCollections() {
    Set<String> neighbors = new HashSet<>(Set.of("b"));
    Map<String, String> metadata = new HashMap<>(Map.of("type", "gate"));
    Msa msa = new Msa("a", 1, 0, neighbors, metadata);
    neighbors.add("c");
    metadata.clear();
    assertThat(msa.neighbors()).containsExactly("b");
    assertThat(msa.metadata()).containsEntry("type", "gate");
    assertThatThrownBy(() -> msa.neighbors().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void validatesItsFields() {
    assertThatThrownBy(() -> new Msa(null, 1, 0, Set.of(), Map.of()))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Msa("", 1, 0, Set.of(), Map.of()))
        .hasMessageContaining("origin");
    assertThatThrownBy(() -> new Msa("a", 1, -17, Set.of(), Map.of()))
        .hasMessageContaining("-17");
    assertThatThrownBy(() -> new Msa("a", 1, Lollipop.CIRCLE, Set.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Msa("a", 1, 0, null, Map.of()))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void laterInstanceSupersedesAnySequence() {
    Msa old = new Msa("a", 1, 500, Set.of(), Map.of());
    Msa restarted = new Msa("a", 2, Lollipop.first(), Set.of(), Map.of());
    assertThat(restarted.supersedes(old)).isTrue();
    assertThat(old.supersedes(restarted)).isFalse();
    assertThat(new Msa("a", 1, 501, Set.of(), Map.of()).supersedes(old)).isTrue();
  }
}
