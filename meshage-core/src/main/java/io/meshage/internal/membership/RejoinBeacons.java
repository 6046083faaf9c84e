package io.meshage.internal.membership;

import io.meshage.routing.Part;

/**
 * Healing after a partition or an isolation: once a node's part loses members, the part's
 * lexically smallest member (every member computes it from its own view; an isolated node is its
 * own) beacons at least every {@link #periodNanos} for {@link #WINDOW_NANOS}, full or not, so
 * that when the cut heals the other side hears it within one such period and links back (nodes
 * with free degree dial back; full parts merge by the edge swap). Every other member backs off as
 * usual, so broadcast traffic stays bounded while cut off: one beacon per period per part, for the
 * window after the loss, then the normal back-off. Owned by the event loop.
 */
final class RejoinBeacons {
  /** How long after a loss the part keeps its short beacon period: past the 60 s we heal within 1 s. */
  static final long WINDOW_NANOS = 90_000_000_000L;

  private final String self;
  private final long periodNanos;
  private long lostAtNanos = Long.MIN_VALUE / 2;
  private Part last;
  private Part smallestFor;
  private boolean selfSmallest;

  /** Beacons every {@code periodNanos} (plus up to 20% jitter) while active. */
  RejoinBeacons(String self, long periodNanos) {
    this.self = self;
    this.periodNanos = periodNanos;
  }

  long periodNanos() {
    return periodNanos;
  }

  /** The view changed; returns whether the part just lost members (a rejoin window opens). */
  boolean viewChanged(Part part, long nowNanos) {
    Part before = last;
    last = part;
    if (before == null || part == before || part.sameMembersAs(before) || part.size() > before.size()) {
      // no member lost: unchanged, or only grown (changed members with no loss means more of them)
      return false;
    }
    lostAtNanos = nowNanos;
    return true;
  }

  /** Whether this node beacons for its part now: within the window after a loss, and smallest of its part. */
  boolean active(Part part, long nowNanos) {
    if (nowNanos - lostAtNanos >= WINDOW_NANOS) {
      return false;
    }
    if (part != smallestFor) {
      smallestFor = part;
      selfSmallest = true;
      for (String n : part.routes().reachable()) {
        if (n.compareTo(self) < 0) {
          selfSmallest = false;
          break;
        }
      }
    }
    return selfSmallest;
  }
}
