package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SuggestTest {
  @Test
  void theClosestWordWithinTwoEditsIsSuggested() {
    assertThat(Suggest.hint("stauts", ShellCommands.MESH_COMMANDS)).isEqualTo(" (did you mean 'status'?)");
    assertThat(Suggest.hint("wach", ShellCommands.MESH_COMMANDS)).isEqualTo(" (did you mean 'watch'?)");
    assertThat(Suggest.hint("frobnicate", List.of("status"))).isEqualTo(" (try help)");
    assertThat(Suggest.distance("kitten", "sitting")).isEqualTo(3);
  }
}
