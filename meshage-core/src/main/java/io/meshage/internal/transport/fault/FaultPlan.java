package io.meshage.internal.transport.fault;

import io.meshage.internal.codec.Frame;
import java.util.Collection;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * The fault settings of one node and the seeded RNG behind every fault decision. Thread-safe:
 * settings and draws are guarded by this object; {@link #active()} is a cheap volatile read so
 * that a node with no fault set pays almost nothing per frame.
 */
final class FaultPlan {
  /** What happens to one outbound frame. */
  record Decision(boolean drop, int copies, long delayNanos, boolean corrupt) {
    static final Decision PASS = new Decision(false, 1, 0, false);
    static final Decision DROP = new Decision(true, 0, 0, false);
  }

  private final long seed;
  private final Random random;
  private double loss;
  private double duplicate;
  private double corrupt;
  private long delayMinNanos;
  private long delayMaxNanos;
  private final Set<String> blocked = new HashSet<>();
  private boolean frozen;
  private volatile boolean active;

  FaultPlan(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
  }

  long seed() {
    return seed;
  }

  /** Whether any fault is set (volatile; no lock). */
  boolean active() {
    return active;
  }

  synchronized void loss(double p) {
    loss = checkProbability(p, "loss");
    update();
  }

  synchronized void duplicate(double p) {
    duplicate = checkProbability(p, "duplicate");
    update();
  }

  synchronized void corrupt(double p) {
    corrupt = checkProbability(p, "corrupt");
    update();
  }

  synchronized void delay(long minNanos, long maxNanos) {
    if (minNanos < 0 || maxNanos < minNanos) {
      throw new IllegalArgumentException(
          "delay must satisfy 0 <= min <= max, got min " + minNanos + " ns, max " + maxNanos + " ns");
    }
    delayMinNanos = minNanos;
    delayMaxNanos = maxNanos;
    update();
  }

  synchronized void block(Collection<String> nodes) {
    blocked.addAll(nodes);
    update();
  }

  synchronized void unblock(Collection<String> nodes) {
    blocked.removeAll(nodes);
    update();
  }

  synchronized void heal() {
    blocked.clear();
    update();
  }

  synchronized void frozen(boolean f) {
    frozen = f;
    update();
  }

  synchronized boolean frozen() {
    return frozen;
  }

  synchronized void clear() {
    loss = 0;
    duplicate = 0;
    corrupt = 0;
    delayMinNanos = 0;
    delayMaxNanos = 0;
    blocked.clear();
    frozen = false;
    update();
  }

  private void update() {
    active = loss > 0 || duplicate > 0 || corrupt > 0 || delayMaxNanos > 0 || !blocked.isEmpty() || frozen;
  }

  /** Whether frames to or from {@code peer} (null: not known yet) are blocked. */
  synchronized boolean blocks(String peer) {
    return peer != null && blocked.contains(peer);
  }

  /** Decides the fate of one frame to {@code peer} (null when the peer is not known yet). */
  synchronized Decision outbound(String peer, Frame frame) {
    if (peer != null && blocked.contains(peer)) {
      return Decision.DROP;
    }
    if (loss > 0 && random.nextDouble() < loss) {
      return Decision.DROP;
    }
    int copies = 1;
    if (duplicate > 0 && !(frame instanceof Frame.Hello) && !(frame instanceof Frame.Bye)
        && random.nextDouble() < duplicate) {
      copies = 2;
    }
    long delay = delayMinNanos;
    if (delayMaxNanos > delayMinNanos) {
      delay += (long) (random.nextDouble() * (delayMaxNanos - delayMinNanos));
    }
    boolean flip = corrupt > 0 && corruptible(frame) && random.nextDouble() < corrupt;
    return copies == 1 && delay == 0 && !flip ? Decision.PASS : new Decision(false, copies, delay, flip);
  }

  /** Whether {@link #corrupt} may touch this frame: bulk data (file parts) with a body. */
  static boolean corruptible(Frame frame) {
    return frame instanceof Frame.Data d && d.channel() == Frame.BULK && d.body().length > 0;
  }

  /** A copy of a corruptible frame with the last byte of its body flipped. */
  static Frame corrupted(Frame frame) {
    Frame.Data d = (Frame.Data) frame;
    byte[] body = d.body().clone();
    body[body.length - 1] ^= (byte) 0xFF;
    return new Frame.Data(d.kind(), d.channel(), d.origin(), d.originInstance(), d.id(), d.path(), d.recipients(),
        d.bodyType(), body);
  }

  /** Whether a beacon this node sends is lost. */
  synchronized boolean beaconLost() {
    return frozen || (loss > 0 && random.nextDouble() < loss);
  }

  private static double checkProbability(double p, String field) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(field + " must be in [0, 1], got " + p);
    }
    return p;
  }
}
