package io.meshage.internal.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.Seeds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The tasks given to {@link SimClock#at}: when they run among the events of the same moment, in
 * which order, where a run ends, and that they work with several partitions too.
 */
@Timeout(30)
class SimClockTest {
  private static final long MS = 1_000_000L;

  private static SimClock clock(int partitions) {
    return new Simulator(Seeds.scenario(41)).partitions(partitions, partitions).clock();
  }

  @Test
  void aTaskRunsAtItsTimeAfterTheEventsOfThatMoment() {
    for (int partitions : new int[] {1, 2}) {
      SimClock c = clock(partitions);
      List<String> ran = new ArrayList<>();
      c.at(5 * MS, () -> ran.add("task@" + c.nanoTime()));
      c.scheduleOwn(5 * MS, () -> ran.add("event@" + c.nanoTime()));
      c.scheduleOwn(6 * MS, () -> ran.add("later@" + c.nanoTime()));
      c.runFor(Duration.ofMillis(10));
      assertThat(ran).as("%d partitions", partitions)
          .containsExactly("event@" + 5 * MS, "task@" + 5 * MS, "later@" + 6 * MS);
      assertThat(c.nanoTime()).isEqualTo(10 * MS);
    }
  }

  @Test
  void tasksOfOneMomentRunInTheOrderGivenAndWhatTheyAddForItRunsLast() {
    SimClock c = clock(1);
    List<String> ran = new ArrayList<>();
    c.at(3 * MS, () -> {
      ran.add("a");
      c.at(3 * MS, () -> ran.add("added by a"));
    });
    c.at(3 * MS, () -> ran.add("b"));
    c.at(2 * MS, () -> ran.add("earlier"));
    c.runFor(Duration.ofMillis(4));
    assertThat(ran).containsExactly("earlier", "a", "b", "added by a");
  }

  @Test
  void aRunEndsWithTheTasksOfItsLastMomentAndLeavesWhatTheyStartToTheNextRun() {
    SimClock c = clock(1);
    List<String> ran = new ArrayList<>();
    c.at(4 * MS, () -> {
      ran.add("task");
      c.scheduleOwn(0, () -> ran.add("event it started"));
    });
    c.runFor(Duration.ofMillis(4));
    assertThat(ran).containsExactly("task");
    assertThat(c.nanoTime()).isEqualTo(4 * MS);
    c.runFor(Duration.ZERO);
    assertThat(ran).containsExactly("task", "event it started");
  }

  @Test
  void aTaskDueNowRunsFirstInTheNextRunBeforeTheEventsOfThisMoment() {
    SimClock c = clock(1);
    List<String> ran = new ArrayList<>();
    c.scheduleOwn(0, () -> ran.add("event"));
    c.at(0, () -> ran.add("task"));
    c.runFor(Duration.ofMillis(1));
    assertThat(ran).containsExactly("task", "event");
  }

  @Test
  void runUntilChecksAfterEachTaskAndTasksAreNotCountedAsEvents() {
    SimClock c = clock(1);
    boolean[] done = new boolean[1];
    c.at(7 * MS, () -> done[0] = true);
    c.at(8 * MS, () -> {
      throw new AssertionError("ran past the condition");
    });
    assertThat(c.runUntil(() -> done[0], Duration.ofSeconds(1))).isTrue();
    assertThat(c.nanoTime()).isEqualTo(7 * MS);
    assertThat(c.eventsRun()).isZero();
  }

  @Test
  void aTimeInThePastIsRefused() {
    SimClock c = clock(1);
    c.runFor(Duration.ofMillis(2));
    assertThatThrownBy(() -> c.at(MS, () -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before the current time");
  }
}
