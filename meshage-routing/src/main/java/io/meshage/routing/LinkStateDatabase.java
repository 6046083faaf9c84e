package io.meshage.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The newest MSA of every known origin, including our own, with the time each was last received.
 * Decides whether an incoming MSA is new, a duplicate or stale, and jumps our own sequence past a
 * copy of ours from the future. No clock of its own: every call that needs the time is given it.
 * One event loop owns it; other threads may only read {@link #msas()}.
 */
public final class LinkStateDatabase {
  /** What {@link #offer} made of an incoming MSA. */
  public enum Verdict {
    /** Newer than what we held (or the origin was unknown): stored, flood it on. */
    NEW,
    /** The same announcement as the one held: drop it. */
    DUPLICATE,
    /** Older than what we hold: drop it, and send {@link Offer#held()} back to the sender. */
    STALE,
    /** A copy of our own MSA newer than ours: originate anew at {@link Offer#nextSequence()}. */
    SELF_JUMP
  }

  /**
   * The outcome of an offer.
   *
   * @param verdict what the database made of the incoming MSA
   * @param held our copy for that origin after the offer; may be null for STALE or SELF_JUMP when
   *     we hold none
   * @param nextSequence for SELF_JUMP the sequence our next own MSA must use (strictly newer than
   *     the incoming one); {@value #NO_SEQUENCE} for every other verdict. Note that -1 is also a
   *     lollipop value, so test the verdict, not this number.
   * @param replaced for NEW the MSA the incoming one replaced, or null when the origin was new
   */
  public record Offer(Verdict verdict, Msa held, int nextSequence, Msa replaced) {
    /** The {@code nextSequence} of every verdict other than SELF_JUMP. */
    public static final int NO_SEQUENCE = -1;

    /** Checks the verdict is present. */
    public Offer {
      Objects.requireNonNull(verdict, "verdict");
    }

    /** An offer that replaced nothing. */
    public Offer(Verdict verdict, Msa held, int nextSequence) {
      this(verdict, held, nextSequence, null);
    }
  }

  private final String self;
  private final long selfInstance;
  // The newest MSA per origin. Written by the owner only; readers on other threads use msas().
  private final MsaTable entries;
  private final Map<String, Msa> view;
  private int nextOwnSequence = Lollipop.first();
  private long version;
  // Origins whose announcement changed since the last topology (removed ones are absent from entries).
  // Marked by id, so that the MSA path hashes nothing; each origin listed once.
  private boolean[] changedMark = new boolean[16];
  private int[] changedIds = new int[16];
  private String[] changedNames = new String[16];
  private int changedCount;
  private final boolean sharedIds;
  private NameIds ids;
  private Topology topology;

  /** An empty database for node {@code self} in its start {@code selfInstance}. */
  public LinkStateDatabase(String self, long selfInstance) {
    this(self, selfInstance, null);
  }

  /**
   * An empty database whose topologies use {@code sharedIds} (a table shared by the nodes of a
   * simulation; it is never compacted), or a table of its own when null.
   */
  public LinkStateDatabase(String self, long selfInstance, NameIds sharedIds) {
    Objects.requireNonNull(self, "self");
    this.sharedIds = sharedIds != null;
    this.ids = sharedIds != null ? sharedIds : new NameIds();
    this.topology = Topology.empty(ids);
    this.entries = new MsaTable(ids);
    this.view = entries.view();
    if (self.isEmpty()) {
      throw new IllegalArgumentException("self must not be empty");
    }
    this.self = self;
    this.selfInstance = selfInstance;
  }

  /** The name of the node owning this database. */
  public String self() {
    return self;
  }

  /**
   * Offers an MSA received at {@code nowMillis}. For another origin: a later instance beats any
   * sequence of an earlier one; within one instance the lollipop order decides, and a copy not
   * comparable with ours counts as new. Our own entry is never replaced by a received copy.
   */
  public Offer offer(Msa msa, long nowMillis) {
    Objects.requireNonNull(msa, "msa");
    if (msa.origin().equals(self)) {
      return offerOwn(msa);
    }
    int id = entries.idOf(msa.origin());
    Msa ours = entries.get(id);
    if (ours == null || msa.supersedes(ours)) {
      store(msa, nowMillis, id);
      return new Offer(Verdict.NEW, msa, Offer.NO_SEQUENCE, ours);
    }
    boolean same = msa.instance() == ours.instance() && msa.sequence() == ours.sequence();
    return new Offer(same ? Verdict.DUPLICATE : Verdict.STALE, ours, Offer.NO_SEQUENCE);
  }

  /**
   * Originates our next own MSA at {@code nowMillis}: the next sequence (the start of the stick
   * the first time), stored and returned.
   */
  public Msa originate(Set<String> neighbors, Map<String, String> metadata, long nowMillis) {
    Msa own = new Msa(self, selfInstance, nextOwnSequence, neighbors, metadata);
    nextOwnSequence = Lollipop.next(nextOwnSequence);
    store(own, nowMillis, -1);
    return own;
  }

  /** The MSA held for {@code origin}. */
  public Optional<Msa> get(String origin) {
    return Optional.ofNullable(lookup(Objects.requireNonNull(origin, "origin")));
  }

  /** Every MSA held, ours included, as an unmodifiable snapshot. */
  public Collection<Msa> all() {
    return List.copyOf(view.values());
  }

  /**
   * Every MSA held, by origin: a live unmodifiable view that any thread may read (each value is
   * immutable; a reader sees each origin's newest or a slightly older MSA).
   */
  public Map<String, Msa> msas() {
    return view;
  }

  /** How many origins are held, ours included. */
  public int size() {
    return entries.size();
  }

  /**
   * Removes every other origin not refreshed (received as NEW) within {@code maxAgeMillis} before
   * {@code nowMillis}, and returns their names, sorted. Our own entry never expires.
   */
  public List<String> expire(long nowMillis, long maxAgeMillis) {
    if (maxAgeMillis < 0) {
      throw new IllegalArgumentException("maxAgeMillis must be >= 0, got " + maxAgeMillis);
    }
    List<String> expired = new ArrayList<>();
    for (Msa m : view.values()) {
      String origin = m.origin();
      if (!origin.equals(self) && nowMillis - entries.receivedAt(origin) > maxAgeMillis) {
        expired.add(origin);
      }
    }
    for (String origin : expired) {
      changed(origin, entries.idOf(origin));
      entries.remove(origin);
    }
    if (!expired.isEmpty()) {
      version++;
    }
    Collections.sort(expired);
    return expired;
  }

  /** A counter that increases on every change of content. */
  public long version() {
    return version;
  }

  /**
   * The topology of every MSA held, derived from the previous one by replacing the rows of the
   * origins that changed (cost: those rows plus one copy of the row array). Over a table of its
   * own, the database starts a fresh table when most ids name origins it no longer holds.
   */
  public Topology topology() {
    if (changedCount == 0) {
      return topology;
    }
    if (!sharedIds && ids.size() > 2 * entries.size() + 64) {
      clearChanged();
      ids = new NameIds();
      entries.compact(ids);
      Map<String, Set<String>> all = new HashMap<>(entries.size() * 2);
      for (Msa m : view.values()) {
        all.put(m.origin(), m.neighbors());
      }
      topology = Topology.empty(ids).withAnnouncements(all);
    } else {
      Map<String, Set<String>> changed = new HashMap<>(changedCount * 2);
      for (int k = 0; k < changedCount; k++) {
        Msa m = entries.get(changedIds[k]);
        changed.put(changedNames[k], m == null ? null : m.neighbors());
      }
      clearChanged();
      topology = topology.withAnnouncements(changed);
    }
    return topology;
  }

  private Offer offerOwn(Msa msa) {
    Msa ownMsa = lookup(self);
    if (msa.instance() == selfInstance && (ownMsa == null || msa.supersedes(ownMsa))) {
      jumpPast(msa.sequence());
      return new Offer(Verdict.SELF_JUMP, ownMsa, nextOwnSequence);
    }
    Verdict verdict = msa.equals(ownMsa) ? Verdict.DUPLICATE : Verdict.STALE;
    return new Offer(verdict, ownMsa, Offer.NO_SEQUENCE);
  }

  /** Moves our next sequence strictly past {@code sequence}, never backwards. */
  private void jumpPast(int sequence) {
    if (Lollipop.compare(nextOwnSequence, sequence) != Lollipop.Order.NEWER) {
      nextOwnSequence = Lollipop.next(sequence);
    }
  }

  private void store(Msa msa, long nowMillis, int knownId) {
    int id = knownId >= 0 ? knownId : entries.intern(msa.origin());
    Msa held = entries.put(msa, nowMillis, id);
    if (held == null || !held.neighbors().equals(msa.neighbors())) {
      changed(msa.origin(), id);
    }
    version++;
  }

  /** Notes that {@code origin} (id {@code id}) changed since the last topology. */
  private void changed(String origin, int id) {
    if (id >= changedMark.length) {
      changedMark = Arrays.copyOf(changedMark, Math.max(id + 1, changedMark.length * 2));
    }
    if (changedMark[id]) {
      return;
    }
    changedMark[id] = true;
    if (changedCount == changedIds.length) {
      changedIds = Arrays.copyOf(changedIds, changedCount * 2);
      changedNames = Arrays.copyOf(changedNames, changedCount * 2);
    }
    changedIds[changedCount] = id;
    changedNames[changedCount++] = origin;
  }

  private void clearChanged() {
    for (int k = 0; k < changedCount; k++) {
      changedMark[changedIds[k]] = false;
      changedNames[k] = null;
    }
    changedCount = 0;
  }

  private Msa lookup(String origin) {
    return entries.get(origin);
  }
}
