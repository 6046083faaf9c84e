package io.meshage.tools.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.meshage.tools.ResultTable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BaselineResultTest {
  private final BaselineResult result = new BaselineResult(240_000, 130.5, 280.25, 900);

  @Test
  void summaryNamesEveryFigure() {
    assertThat(result.summary())
        .isEqualTo(
            "JGroups unicast 240,000 msgs/s; sync RPC median 130.5 us, p99 280.3 us,"
                + " p99.9 900.0 us");
  }

  @Test
  void tableHasTheFiguresInTheBaselineColumnAndBetterMeansHigherOnlyForThroughput() {
    ResultTable table = result.toTable();

    assertThat(table.rows())
        .extracting(ResultTable.Row::baseline, ResultTable.Row::higherIsBetter)
        .containsExactly(
            tuple(240_000.0, true),
            tuple(130.5, false),
            tuple(280.25, false),
            tuple(900.0, false));
    assertThat(table.render()).contains("240,000").contains("jgroups");
  }
}
