package io.meshage.cli.scenario;

import java.util.List;
import java.util.Set;

/** One thing a scenario does at a moment of virtual time. */
public sealed interface Action {
  /** Crashes {@code count} random live nodes, or the named ones. */
  record Crash(int count, List<String> names) implements Action {}

  /** Restarts the named nodes, or every crashed node when none is named. */
  record Restart(List<String> names) implements Action {}

  /** Holds every frame in and out of the named nodes (they fall silent). */
  record Freeze(List<String> names) implements Action {}

  /** Releases what {@link Freeze} held. */
  record Unfreeze(List<String> names) implements Action {}

  /** Splits the network into these sets; nodes in none of them form one more set. */
  record Partition(List<Set<String>> sets) implements Action {}

  /** Ends every partition. */
  record Heal() implements Action {}

  /** TCP-style loss (retransmitted, late) on every link, 0 to 1. */
  record Loss(double probability) implements Action {}

  /** Frames dropped for good on every link, 0 to 1. */
  record Drop(double probability) implements Action {}

  /**
   * A delay: with {@code a} and {@code b} the one-way delay of that link; otherwise the default
   * link delay ({@code min == max}) or, for {@code uniform}, an extra per-frame delay drawn
   * uniformly from [min, max] at every node.
   */
  record Delay(boolean uniform, long minNanos, long maxNanos, String a, String b) implements Action {}

  /**
   * Cuts the link a-b and keeps it cut (every frame between them dropped, both ways, so the link
   * dies by keepalive, as over a cut fibre) until {@link Mend} or {@link Heal}.
   */
  record Cut(String a, String b) implements Action {}

  /** Ends a {@link Cut} of a-b. */
  record Mend(String a, String b) implements Action {}

  /** Cuts the link a-b {@code times} times, every {@code everyNanos}, redialing halfway. */
  record Flap(String a, String b, int times, long everyNanos) implements Action {}

  /** Sets the degree of the named nodes, or of every live node. */
  record Degree(int degree, List<String> names) implements Action {}

  /** Starts a load: {@code perSecond} sends of {@code kind} for {@code forNanos}. */
  record Traffic(Kind kind, double perSecond, long forNanos, int recipients) implements Action {
    /** What is sent. */
    public enum Kind {
      SET, BROADCAST, REQUEST
    }
  }

  /** Writes the true topology as a DOT file. */
  record Snapshot() implements Action {}
}
