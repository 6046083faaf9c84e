package io.meshage;

import java.time.Duration;
import java.util.Collection;

/**
 * Injects network faults at one node, on real sockets as in the simulator: lost, duplicated,
 * delayed and corrupted frames, blocked peers (partitions), abruptly dropped links, and a frozen network. Every
 * random draw comes from one RNG seeded by {@link MeshConfig.Builder#faultSeed(long)}, so a fault
 * schedule replays. Get it from {@link MeshNode#faults()} on a node built with
 * {@link MeshConfig.Builder#faultInjection(boolean)}; every method is thread-safe and takes
 * effect for the next frame.
 *
 * <p>Faults act on frames this node sends (loss, duplicates, delay, corruption) and, for blocks and freezes,
 * on frames it receives too. A lost frame is gone for good (nothing retransmits it), so the mesh
 * must report TIMEOUT or UNREACHABLE for what it carried, never a false delivery.
 */
public interface FaultInjector {
  /** Drops each frame this node sends with {@code probability} (0 to 1); beacons too. */
  FaultInjector loss(double probability);

  /** Sends each frame (other than HELLO and BYE) twice with {@code probability} (0 to 1). */
  FaultInjector duplicate(double probability);

  /**
   * Delays each frame this node sends by a delay drawn uniformly from [{@code min}, {@code max}];
   * frames on one link keep their order (as on TCP). {@code Duration.ZERO} twice turns it off.
   */
  FaultInjector delay(Duration min, Duration max);

  /**
   * Flips the last byte of each bulk frame this node sends (the end of the file part it carries)
   * with {@code probability} (0 to 1; 0 turns it off), as a source whose disk or memory rots
   * would: the receiver's SHA-256 check of the part fails and it fetches the part again. Only
   * bulk frames are touched: they are the only frames whose content is checked end to end (every
   * part has its SHA-256 in the file's manifest); every other frame relies on TCP's checksum (and
   * with a namespace key on its seal), so a flipped byte there would test nothing the mesh can
   * notice. Draws come from the injector's RNG, one per bulk frame, so a schedule replays.
   */
  FaultInjector corrupt(double probability);

  /**
   * Blocks every frame to and from these nodes (and their beacons): with {@link #block} on each
   * side of a cut this is a partition. Links across it die by keepalive; new ones cannot form.
   */
  FaultInjector block(Collection<String> nodes);

  /** Lifts {@link #block} for these nodes. */
  FaultInjector unblock(Collection<String> nodes);

  /** Lifts every block. */
  FaultInjector heal();

  /**
   * Closes the link to {@code peer} abruptly, without BYE (as a crash or a reset would look from
   * here). False when there is no link to it.
   */
  boolean dropLink(String peer);

  /**
   * Holds every frame in and out of this node until {@link #unfreeze()}: to its neighbours the
   * node falls silent, as a stopped process would, while its own timers keep running.
   */
  FaultInjector freeze();

  /** Releases what {@link #freeze()} held, in order. */
  FaultInjector unfreeze();

  /** Turns every fault off (releasing frozen frames). */
  FaultInjector clear();

  /** The seed of this injector's RNG. */
  long seed();
}
