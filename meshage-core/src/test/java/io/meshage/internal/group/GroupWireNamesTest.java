package io.meshage.internal.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node names in group traffic (roster nodes, holders) meet the naming rule of local configuration. */
@Timeout(10)
class GroupWireNamesTest {
  @Test
  void aRosterNodeOrHolderThatBreaksTheNameRuleIsRefused() {
    Map<String, Object> good = Map.of("roster", List.of(List.of("u1", "s1", "n1", 5L, true)));
    assertThat(GroupWire.entries(good, "roster")).singleElement().extracting(GroupState.Entry::node).isEqualTo("n1");
    Map<String, Object> forged = Map.of("roster", List.of(List.of("u1", "s1", "n1\nforged", 5L, true)));
    assertThatThrownBy(() -> GroupWire.entries(forged, "roster"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a valid name");
    GroupState st = new GroupState("g1", false);
    Map<String, Object> update = Map.of("epoch", 9L, "holder", "a holder", "allowEmpty", true, "ttl", 1L, "interval", 1L);
    assertThatThrownBy(() -> GroupWire.adopt(st, update))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group holder 'a holder' is not a valid name");
  }
}
