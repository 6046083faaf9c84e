package io.meshage.cli.scenario;

import java.util.List;

/**
 * A parsed scenario: topology, run length, sampling interval, wire mode, the seed named in the
 * file (null when none) and the timed events in file order (stable-sorted by time).
 */
public record Scenario(
    Topology topology, long runNanos, long sampleNanos, boolean wire, Long seed, List<Event> events) {
  /** One timed action, with the line it came from. */
  public record Event(long atNanos, int line, String text, Action action) {}

  public Scenario {
    events = List.copyOf(events);
  }
}
