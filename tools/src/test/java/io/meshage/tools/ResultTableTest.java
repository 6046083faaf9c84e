package io.meshage.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResultTableTest {
  @Test
  void ratioFollowsTheDirectionOfBetter() {
    ResultTable t =
        new ResultTable("t", "jgroups")
            .add("one-hop setAsync", "msgs/s", 500_000, 250_000, true)
            .add("sync set median", "us", 60, 120, false)
            .add("broadcast 10 nodes", "ms", 3, Double.NaN, false);
    assertThat(t.rows().get(0).ratio()).isEqualTo(2.0);
    assertThat(t.rows().get(1).ratio()).isEqualTo(2.0);
    assertThat(t.rows().get(2).ratio()).isNaN();
    String text = t.render();
    assertThat(text).contains("500,000").contains("2.00x").contains("jgroups");
    assertThat(text.lines()).hasSize(5);
  }
}
