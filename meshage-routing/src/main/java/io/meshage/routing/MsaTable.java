package io.meshage.routing;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The storage of a {@link LinkStateDatabase}: the newest MSA and its arrival time per origin, in
 * arrays indexed by {@link NameIds} id (a mesh of N nodes holds N origins in every node, so no
 * per-entry object is kept). The owner writes; other threads read through {@link #view()}.
 */
final class MsaTable {
  /** Ids and MSAs published together, so a reader never pairs a new id space with an old array. */
  private record Space(NameIds ids, Msa[] byId) {}

  private volatile Space space;
  private long[] receivedAt;
  private volatile int count;

  MsaTable(NameIds ids) {
    this.space = new Space(ids, new Msa[16]);
    this.receivedAt = new long[16];
  }

  NameIds ids() {
    return space.ids();
  }

  int size() {
    return count;
  }

  /** The MSA held for {@code origin}, or null. */
  Msa get(String origin) {
    return get(space, space.ids().idOf(origin));
  }

  /** The id of {@code origin} in the current id space, or -1 (owner only). */
  int idOf(String origin) {
    return space.ids().idOf(origin);
  }

  /** The id of {@code origin}, given one if it had none (owner only). */
  int intern(String origin) {
    return space.ids().intern(origin);
  }

  /** The MSA held under {@code id} of the current id space, or null (owner only). */
  Msa get(int id) {
    return get(space, id);
  }

  private static Msa get(Space s, int id) {
    return id >= 0 && id < s.byId().length ? s.byId()[id] : null;
  }

  long receivedAt(String origin) {
    return receivedAt[space.ids().idOf(origin)];
  }

  /**
   * Stores {@code msa} as its origin's newest (owner only); returns the one it replaced.
   * {@code knownId} is the origin's id if the caller looked it up, else -1.
   */
  Msa put(Msa msa, long nowMillis, int knownId) {
    int id = knownId >= 0 ? knownId : space.ids().intern(msa.origin());
    Msa[] byId = space.byId();
    if (id >= byId.length) {
      int n = Math.max(id + 1, byId.length * 2);
      byId = Arrays.copyOf(byId, n);
      receivedAt = Arrays.copyOf(receivedAt, n);
      space = new Space(space.ids(), byId);
    }
    Msa before = byId[id];
    byId[id] = msa;
    receivedAt[id] = nowMillis;
    if (before == null) {
      count++;
    }
    return before;
  }

  /** Removes {@code origin} (owner only). */
  void remove(String origin) {
    Space s = space;
    int id = s.ids().idOf(origin);
    if (id >= 0 && id < s.byId().length && s.byId()[id] != null) {
      s.byId()[id] = null;
      count--;
    }
  }

  /** Moves every MSA into a fresh id space holding only the origins held (owner only). */
  void compact(NameIds fresh) {
    Space old = space;
    long[] oldReceived = receivedAt;
    Msa[] byId = new Msa[Math.max(16, count * 2)];
    long[] received = new long[byId.length];
    for (int i = 0; i < old.byId().length; i++) {
      Msa m = old.byId()[i];
      if (m != null) {
        int id = fresh.intern(m.origin());
        byId[id] = m;
        received[id] = oldReceived[i];
      }
    }
    receivedAt = received;
    space = new Space(fresh, byId);
  }

  /** A live unmodifiable view, origin to MSA, that any thread may read. */
  Map<String, Msa> view() {
    return new View();
  }

  private final class View extends AbstractMap<String, Msa> {
    @Override
    public int size() {
      return count;
    }

    @Override
    public Msa get(Object key) {
      return key instanceof String s ? MsaTable.this.get(s) : null;
    }

    @Override
    public boolean containsKey(Object key) {
      return get(key) != null;
    }

    @Override
    public Set<Entry<String, Msa>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public int size() {
          return count;
        }

        @Override
        public Iterator<Entry<String, Msa>> iterator() {
          return new Entries(space.byId());
        }
      };
    }
  }

  /** Walks one array of MSAs; each element is read once, so a concurrent removal is just missed. */
  private static final class Entries implements Iterator<Map.Entry<String, Msa>> {
    private final Msa[] byId;
    private int pos = -1;
    private Msa pending;

    Entries(Msa[] byId) {
      this.byId = byId;
      pending = find();
    }

    private Msa find() {
      for (pos++; pos < byId.length; pos++) {
        Msa m = byId[pos];
        if (m != null) {
          return m;
        }
      }
      return null;
    }

    @Override
    public boolean hasNext() {
      return pending != null;
    }

    @Override
    public Map.Entry<String, Msa> next() {
      Msa m = pending;
      if (m == null) {
        throw new NoSuchElementException();
      }
      pending = find();
      return Map.entry(m.origin(), m);
    }
  }
}
