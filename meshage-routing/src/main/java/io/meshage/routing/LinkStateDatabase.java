package io.meshage.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The newest MSA of every known origin, including our own, with the time each was last received.
 * Decides whether an incoming MSA is new, a duplicate or stale, and jumps our own sequence past a
 * copy of ours from the future. No clock of its own: every call that needs the time is given it.
 * Not thread-safe: one event loop owns it.
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

  /** What is held for one origin; updated in place when a newer MSA arrives (loop only). */
  private static final class Entry {
    Msa msa;
    long receivedAt;
    int id;

    Entry(Msa msa, long receivedAt, int id) {
      this.msa = msa;
      this.receivedAt = receivedAt;
      this.id = id;
    }

    Msa msa() {
      return msa;
    }

    long receivedAt() {
      return receivedAt;
    }
  }

  private final String self;
  private final long selfInstance;
  private final Map<String, Entry> entries = new HashMap<>();
  // The same entries by name id, for the lookup every incoming MSA needs.
  private Entry[] byId = new Entry[16];
  private int nextOwnSequence = Lollipop.first();
  private long version;
  // Origins whose announcement changed since the last topology (removed ones are absent from entries).
  private final Set<String> changedOrigins = new HashSet<>();
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
    Entry held = lookup(msa.origin());
    if (held == null || msa.supersedes(held.msa())) {
      Msa replaced = held == null ? null : held.msa();
      store(msa, nowMillis);
      return new Offer(Verdict.NEW, msa, Offer.NO_SEQUENCE, replaced);
    }
    Msa ours = held.msa();
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
    store(own, nowMillis);
    return own;
  }

  /** The MSA held for {@code origin}. */
  public Optional<Msa> get(String origin) {
    Entry entry = lookup(Objects.requireNonNull(origin, "origin"));
    return entry == null ? Optional.empty() : Optional.of(entry.msa());
  }

  /** Every MSA held, ours included, as an unmodifiable snapshot. */
  public Collection<Msa> all() {
    List<Msa> all = new ArrayList<>(entries.size());
    for (Entry entry : entries.values()) {
      all.add(entry.msa());
    }
    return Collections.unmodifiableList(all);
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
    Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Entry> e = it.next();
      if (!e.getKey().equals(self) && nowMillis - e.getValue().receivedAt() > maxAgeMillis) {
        expired.add(e.getKey());
        changedOrigins.add(e.getKey());
        byId[e.getValue().id] = null;
        it.remove();
      }
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
    if (changedOrigins.isEmpty()) {
      return topology;
    }
    if (!sharedIds && ids.size() > 2 * entries.size() + 64) {
      ids = new NameIds();
      byId = new Entry[Math.max(16, entries.size() * 2)];
      Map<String, Set<String>> all = new HashMap<>(entries.size() * 2);
      entries.forEach((origin, e) -> {
        all.put(origin, e.msa().neighbors());
        e.id = ids.intern(origin);
        place(e);
      });
      topology = Topology.empty(ids).withAnnouncements(all);
    } else {
      Map<String, Set<String>> changed = new HashMap<>(changedOrigins.size() * 2);
      for (String origin : changedOrigins) {
        Entry e = entries.get(origin);
        changed.put(origin, e == null ? null : e.msa().neighbors());
      }
      topology = topology.withAnnouncements(changed);
    }
    changedOrigins.clear();
    return topology;
  }

  private Offer offerOwn(Msa msa) {
    Entry own = lookup(self);
    Msa ownMsa = own == null ? null : own.msa();
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

  private void store(Msa msa, long nowMillis) {
    Entry held = lookup(msa.origin());
    if (held == null) {
      Entry e = new Entry(msa, nowMillis, ids.intern(msa.origin()));
      entries.put(msa.origin(), e);
      place(e);
      changedOrigins.add(msa.origin());
    } else {
      if (!held.msa.neighbors().equals(msa.neighbors())) {
        changedOrigins.add(msa.origin());
      }
      held.msa = msa;
      held.receivedAt = nowMillis;
    }
    version++;
  }

  private Entry lookup(String origin) {
    int id = ids.idOf(origin);
    return id >= 0 && id < byId.length ? byId[id] : null;
  }

  private void place(Entry e) {
    if (e.id >= byId.length) {
      byId = Arrays.copyOf(byId, Math.max(e.id + 1, byId.length * 2));
    }
    byId[e.id] = e;
  }
}
