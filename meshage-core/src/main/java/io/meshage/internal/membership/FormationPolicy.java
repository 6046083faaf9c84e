package io.meshage.internal.membership;

import io.meshage.routing.Part;
import java.util.Random;
import java.util.Set;

/**
 * How parts of a forming mesh find each other and merge without any node keeping more than its
 * degree: a pure policy (no I/O, time passed in) that the node's event loop consults. Each part
 * has a designated node, the smallest name with a link on a cycle; when the part is full that
 * node alone announces it and alone rewires towards outsiders. A merge is an edge swap: a full
 * node takes a link to a node outside its part only when it can shed one of its own links that
 * lies on a cycle, which it does in the same step, so its part stays connected and its degree is
 * never exceeded between two events.
 */
public final class FormationPolicy {
  /** What to do about a beacon from a node outside this part, heard while this node is full. */
  public enum FullVerdict {
    /** Nothing (another node of the part acts, or this node cannot shed a link). */
    IGNORE,
    /** Dial the outsider after {@link #mergeHoldOffNanos()} if it is still outside and we still full. */
    MERGE,
    /** Announce this part soon, so that the outsider's part (whose turn it is) hears of it. */
    ANNOUNCE
  }

  private final String self;
  private final long beaconPeriodNanos;
  private final long beaconMaxPeriodNanos;

  /** How many nodes the search for a witness may visit before the bridges of the whole part are found. */
  private static final int WITNESS_BUDGET = 256;

  private Part members;
  /**
   * A witness: the designated node of the last part whose bridges were found, or a smaller name
   * with a cycle link found near this node (a hint; may be stale, and is checked before use).
   */
  private String lastDesignated;
  /** The part {@link #designated} was decided for (parts are immutable; a new view is a new part). */
  private Part designatedFor;
  private boolean designated;
  private long partBeaconDelayNanos;
  private long lastPartBeaconNanos = Long.MIN_VALUE / 2;
  private String swappedTo;
  private long swappedAtNanos;

  public FormationPolicy(String self, long beaconPeriodNanos, long beaconMaxPeriodNanos) {
    this.self = self;
    this.beaconPeriodNanos = beaconPeriodNanos;
    this.beaconMaxPeriodNanos = beaconMaxPeriodNanos;
    this.partBeaconDelayNanos = beaconPeriodNanos;
  }

  /** The node this policy decides for. */
  String self() {
    return self;
  }

  /**
   * The node's view of its part changed. Returns whether the part's members changed; then the
   * announcement of a full part starts again from the short beacon period.
   */
  public boolean viewChanged(Part part) {
    if (part.sameMembersAs(members)) {
      return false;
    }
    members = part;
    partBeaconDelayNanos = beaconPeriodNanos;
    return true;
  }

  /**
   * Whether this node is its part's designated node: the smallest name with a link on a cycle.
   * Most nodes are not, and a smaller name with a link on a cycle proves it: the designated node
   * seen last is tried first, by a short search around its links, before the whole part's bridges.
   */
  public boolean isDesignated(Part part) {
    if (part != designatedFor) {
      designatedFor = part;
      if (lastDesignated == null || lastDesignated.compareTo(self) >= 0
          || !part.hasShortCycleLink(lastDesignated, WITNESS_BUDGET)) {
        // A smaller name with a cycle link near this node proves it is not the designated one;
        // only when none is found near are the bridges of the whole part found.
        String near = part.smallerOnCycleNear(self, WITNESS_BUDGET);
        lastDesignated = near != null ? near : part.smallestOnCycle();
      }
      designated = self.equals(lastDesignated);
    }
    return designated;
  }

  /**
   * The neighbour whose link this node can drop while its part stays connected (a link on a
   * cycle of {@code part}), other than {@code except}; the largest such name, or null.
   */
  public String linkToShed(Part part, Set<String> links, String except) {
    String best = null;
    for (String n : links) {
      if (!n.equals(except) && part.onCycle(self, n) && (best == null || n.compareTo(best) > 0)) {
        best = n;
      }
    }
    return best;
  }

  /**
   * Whether this node, full, may take one more automatic link to a node outside its part (and
   * shed one at once). Not while an earlier swap is not yet visible in the view: the view would
   * still show the shed link, and a second shed could split the part.
   */
  public boolean maySwap(Part part, Set<String> links, long nowNanos) {
    if (swappedTo != null && !part.contains(swappedTo) && nowNanos - swappedAtNanos < 2 * beaconPeriodNanos) {
      return false;
    }
    swappedTo = null;
    return linkToShed(part, links, null) != null;
  }

  /** Records a swap: this node linked to {@code peer} and shed another link. */
  public void swapped(String peer, long nowNanos) {
    swappedTo = peer;
    swappedAtNanos = nowNanos;
  }

  /**
   * The verdict on a beacon from {@code outsider} (not in this part, not linked, not being
   * dialed), heard while this node is full. A beacon with {@code wanted > 0} comes from a node
   * with free degree: the designated node rewires towards it. A beacon with {@code wanted == 0}
   * announces another full part: of the two designated nodes, the one with the larger name acts,
   * the other announces its part so the first hears it.
   */
  public FullVerdict onBeaconWhileFull(
      Part part, Set<String> links, String outsider, int wanted, long nowNanos) {
    if (!isDesignated(part) || !maySwap(part, links, nowNanos)) {
      return FullVerdict.IGNORE;
    }
    if (wanted > 0 || self.compareTo(outsider) > 0) {
      return FullVerdict.MERGE;
    }
    return FullVerdict.ANNOUNCE;
  }

  /**
   * How long a designated node waits before rewiring: nodes of its part with free degree dial
   * the outsider at once, and the rewiring is skipped if they have joined it meanwhile.
   */
  public long mergeHoldOffNanos() {
    return beaconPeriodNanos / 2;
  }

  /**
   * For a full node's beacon timer: whether to send the part's announcement now (only the
   * designated node does, at most once per beacon period), and in {@code nextDelay[0]} when to
   * look again. The period starts short after each change of the part's members and doubles up
   * to the beacon max period.
   */
  public boolean announceNow(Part part, long nowNanos, Random random, long[] nextDelay) {
    long wait = lastPartBeaconNanos + beaconPeriodNanos - nowNanos;
    if (wait > 0) {
      nextDelay[0] = wait;
      return false;
    }
    long d = partBeaconDelayNanos;
    nextDelay[0] = d + (long) (d * 0.2 * random.nextDouble());
    partBeaconDelayNanos = Math.min(d * 2, beaconMaxPeriodNanos);
    if (!isDesignated(part)) {
      return false;
    }
    lastPartBeaconNanos = nowNanos;
    return true;
  }

  /** Starts the part announcements again from the short period (an outsider was heard). */
  public void announceSoon() {
    partBeaconDelayNanos = beaconPeriodNanos;
  }
}
