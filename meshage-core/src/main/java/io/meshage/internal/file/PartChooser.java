package io.meshage.internal.file;

import io.meshage.file.FileConfig;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Which part a download asks for next, and from which source: rarest first, from this
 * receiver's place in the file, with super-seeding and the peers' share while seeding (see
 * {@link #choose}). Owns the download's sources and its seeding budget; every method is called
 * with the download's lock held.
 */
final class PartChooser {
  /**
   * How long a transfer with nothing in flight waits before it asks a complete source for a part
   * another receiver has claimed (a claimant that is slow or stuck must not stall the others).
   */
  static final long CLAIM_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
  /**
   * While some part of the file is held by no receiver (seeding), a receiver asks peers still
   * fetching for at most one part per this many parts it got from a complete source: its window
   * goes to the source's distinct parts, so that the receivers together hold the whole file early
   * (with three receivers when each holds about 3/8 of it: 1/3 from the source and 1/8 of that
   * from peers) and can finish without the source from then on; after that they exchange at full
   * speed. (With one per four, a receiver the source served more than the others could be half
   * done before the union was whole: in one run of four processes the source was killed when
   * one receiver was at 40% and two at 30%, and 23 parts were lost.)
   */
  static final int SOURCE_PARTS_PER_PEER_PART = 8;

  /** A node that holds some or all of the file. */
  static final class Source {
    final String node;
    /** The parts it holds; null when it has the whole file. */
    BitSet has;
    /** The parts a source still fetching has asked for and not yet received. */
    BitSet fetching = new BitSet();
    int inFlight;
    int strikes;
    long benchedUntil;

    Source(String node, BitSet has) {
      this.node = node;
      this.has = has;
    }

    boolean holds(int part) {
      return has == null || has.get(part);
    }
  }

  /** A part to ask for, and whom. */
  record Ask(int part, Source source) {}

  private final String self;
  private final FileConfig config;
  private final Map<String, Source> sources = new LinkedHashMap<>();
  /**
   * Where this receiver starts in the file while only complete sources are known: its rank among
   * the nodes fetching the file at the start times the parts over their number, so that receivers
   * that start together ask the source for different parts from the first request on.
   */
  private int startAt;
  /** Parts received from complete sources, and parts asked of peers while seeding (the budget). */
  private int fromComplete;
  private int askedOfPeersSeeding;

  PartChooser(String self, FileConfig config) {
    this.self = self;
    this.config = config;
  }

  /** The sources by node, in the order they were found (the download adds, updates and drops them). */
  Map<String, Source> sources() {
    return sources;
  }

  void startAt(int part) {
    startAt = part;
  }

  /** A part from a complete source arrived (it opens the peers' share while seeding). */
  void gotFromComplete() {
    fromComplete++;
  }

  /**
   * The next part to ask for and whom: the rarest missing part not in flight (ties go to the
   * first from this receiver's start) that a source with room holds; of those sources, the least busy, a peer still
   * fetching before a complete source. While some part is held by no receiver (seeding), a
   * complete source is not asked for a part another receiver holds or is fetching (super-seeding:
   * its uploads differ, so that the receivers together soon hold every part and can finish
   * without it), unless this transfer has had nothing in flight for {@link #CLAIM_WAIT_NANOS},
   * and peers get at most one request per {@link #SOURCE_PARTS_PER_PEER_PART} parts from complete
   * sources; once every part is held somewhere, every source is asked freely.
   */
  Ask choose(long now, int parts, BitSet have, BitSet inFlight, long stalledSince) {
    // In file order from this receiver's start: its rank among the receivers it knows times the
    // parts over their number (alone: from the first part, so that the whole-file hash follows
    // as parts come), so that receivers walk different stretches of the file.
    java.util.TreeSet<String> receivers = new java.util.TreeSet<>();
    BitSet claimed = new BitSet();
    for (Source s : sources.values()) {
      if (s.has != null) {
        receivers.add(s.node);
        claimed.or(s.has);
        claimed.or(s.fetching);
      }
    }
    boolean takeClaimed = stalledSince >= 0 && now - stalledSince > CLAIM_WAIT_NANOS;
    int start = startAt;
    boolean seeding = false;
    if (!receivers.isEmpty()) {
      receivers.add(self);
      start = (int) ((long) receivers.headSet(self).size() * parts / receivers.size());
      seeding = seeding(parts, have);
    }
    boolean peersOpen = !seeding || (askedOfPeersSeeding + 1) * SOURCE_PARTS_PER_PEER_PART <= fromComplete;
    int bestPart = -1;
    int bestRarity = Integer.MAX_VALUE;
    Source bestSource = null;
    for (int k = 0; k < parts; k++) {
      int i = (start + k) % parts;
      if (have.get(i) || inFlight.get(i)) {
        continue;
      }
      int rarity = 0;
      Source pick = null;
      for (Source s : sources.values()) {
        if (!s.holds(i)) {
          continue;
        }
        rarity++;
        if (s.inFlight >= config.partsPerSource() || s.benchedUntil - now > 0
            || (s.has == null && seeding && claimed.get(i) && !takeClaimed) || (s.has != null && !peersOpen)) {
          continue;
        }
        if (pick == null || better(s, pick)) {
          pick = s;
        }
      }
      if (pick != null && rarity < bestRarity) {
        bestPart = i;
        bestRarity = rarity;
        bestSource = pick;
        if (rarity == 1) {
          break;
        }
      }
    }
    if (bestSource != null && bestSource.has != null && seeding) {
      askedOfPeersSeeding++;
    }
    return bestSource == null ? null : new Ask(bestPart, bestSource);
  }

  /**
   * Whether a complete source is known and some part is held by no receiver (this one included):
   * the receivers could not finish without that source yet.
   */
  private boolean seeding(int parts, BitSet have) {
    BitSet held = (BitSet) have.clone();
    boolean complete = false;
    for (Source s : sources.values()) {
      if (s.has == null) {
        complete = true;
      } else {
        held.or(s.has);
      }
    }
    return complete && held.cardinality() < parts;
  }

  private static boolean better(Source s, Source than) {
    if (s.inFlight != than.inFlight) {
      return s.inFlight < than.inFlight;
    }
    return s.has != null && than.has == null;
  }

}
