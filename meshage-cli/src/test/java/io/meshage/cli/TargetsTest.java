package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TargetsTest {
  private static final Set<String> OTHERS = Set.of("n2", "n10", "n3", "kn1", "kn5");
  private static final Map<String, Map<String, String>> TAGS =
      Map.of("n1", Map.of("role", "web"), "n3", Map.of("role", "web"), "kn5", Map.of("role", "db"));

  private static List<String> resolve(String spec) {
    return Targets.resolve(spec, "n1", OTHERS, n -> TAGS.getOrDefault(n, Map.of()));
  }

  @Test
  void allIsEveryOtherNodeInNaturalOrder() {
    assertThat(resolve("all")).containsExactly("kn1", "kn5", "n2", "n3", "n10");
  }

  @Test
  void rangesListsAndPaddingExpandAsMinimegaDoes() {
    assertThat(resolve("n[1-4]")).containsExactly("n1", "n2", "n3", "n4");
    assertThat(resolve("kn[1-2,5]")).containsExactly("kn1", "kn2", "kn5");
    assertThat(resolve("n3,n2,n3")).containsExactly("n3", "n2");
    assertThat(resolve("h[08-10].lab")).containsExactly("h08.lab", "h09.lab", "h10.lab");
  }

  @Test
  void tagsSelectEveryNodeWithTheTagThisOneIncluded() {
    assertThat(resolve("tag:role=web")).containsExactly("n1", "n3");
    assertThat(resolve("tag:role=db,n[2-3],kn[1-2,5]")).containsExactly("kn5", "n2", "n3", "kn1", "kn2");
    assertThat(resolve("tag:role=cache")).isEmpty();
  }

  @Test
  void badTargetsSayWhatIsWrong() {
    assertThatThrownBy(() -> resolve("n[1-")).hasMessageContaining("'[' without ']'");
    assertThatThrownBy(() -> resolve("n1-3]")).hasMessageContaining("']' without '['");
    assertThatThrownBy(() -> resolve("n[a-c]")).hasMessageContaining("numbers such as [1-40]");
    assertThatThrownBy(() -> resolve("n[5-1]")).hasMessageContaining("backwards");
    assertThatThrownBy(() -> resolve("n[1-99999]")).hasMessageContaining("more than 10000");
    assertThatThrownBy(() -> resolve("tag:role")).hasMessageContaining("tag:KEY=VALUE");
    assertThatThrownBy(() -> resolve(",")).hasMessageContaining("needs targets");
  }

  @Test
  void naturalOrderComparesNumbersAsNumbers() {
    assertThat(Targets.natural("n2", "n10")).isNegative();
    assertThat(Targets.natural("n10", "n9")).isPositive();
    assertThat(Targets.natural("a", "b")).isNegative();
    assertThat(Targets.natural("n02", "n2")).as("distinct names never compare equal").isNotZero();
  }
}
