package io.meshage.routing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;

/**
 * An append-only table giving every node name a small integer id, so that topologies and routes
 * work on arrays. A name keeps its id for the table's life, so successive topologies of one
 * database share an id space and can be compared row by row. One table per node (its database
 * starts a new one when most ids belong to names no longer held), or one shared by every node of
 * a simulation to save memory.
 *
 * <p>Threads: only the owner (a node's event loop, or a simulation's single thread) adds names;
 * any thread may look names up, and a topology only ever reads ids it saw when it was built.
 * Lookups go through an open-addressing table of names and primitive ids (no boxed values, no
 * entry objects: a 10,000-node simulation looks names up about a billion times): the owner
 * writes a slot's id before publishing its name with a release store, a reader loads the name
 * with an acquire load, and a grown table is published whole through a volatile field.
 */
public final class NameIds {
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(String[].class);

  /** Slots of names and their ids, at most half full; never emptied, since names are never removed. */
  private record Slots(String[] names, int[] hashes, int[] ids) {
    Slots(int length) {
      this(new String[length], new int[length], new int[length]);
    }
  }

  private volatile Slots slots = new Slots(32);
  // Written by the owner only; a topology keeps the array it was built with and reads only the
  // ids below its capacity, which were written before it was published.
  private volatile String[] names = new String[16];
  private int size;
  // Only in a table shared by many databases: neighbour sets to their sorted id rows, so that the
  // nodes of a simulation holding the same MSA share one row. Owner only.
  private final Map<Collection<String>, int[]> rows;
  // Only in a shared table (one thread): the last name found, and its id.
  private String lastName;
  private int lastId;

  /** A table for one database. */
  public NameIds() {
    this(false);
  }

  private NameIds(boolean shareRows) {
    this.rows = shareRows ? new WeakHashMap<>() : null;
  }

  /**
   * A table for the databases of many nodes on one thread (a simulation): equal neighbour sets
   * share their id rows, and the last lookup is remembered. Every lookup must come from that
   * thread.
   */
  public static NameIds shared() {
    return new NameIds(true);
  }

  /** The id of {@code name}, or -1 when it has none. */
  public int idOf(String name) {
    if (rows != null) {
      // A shared table's thread looks the same name up many times in a row (a beacon's sender,
      // once by every node that hears it): the last answer is kept, keyed by the very string.
      if (name == lastName) {
        return lastId;
      }
      int i = find(name);
      if (i >= 0) {
        lastName = name;
        lastId = i;
      }
      return i;
    }
    return find(name);
  }

  /** The id of {@code name} in the table of slots, or -1 (any thread). */
  private int find(String name) {
    Slots s = slots;
    String[] keys = s.names();
    int mask = keys.length - 1;
    int h = name.hashCode();
    for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
      String k = (String) SLOT.getAcquire(keys, i);
      if (k == null) {
        return -1;
      }
      // the hash first: a different name is passed over without loading its string
      if (k == name || (s.hashes()[i] == h && k.equals(name))) {
        return s.ids()[i];
      }
    }
  }

  /** Adds {@code name} under {@code id} (owner only; the name has no id yet). */
  private void insert(String name, int id) {
    Slots s = slots;
    if (2 * (size + 1) > s.names().length) {
      Slots grown = new Slots(s.names().length * 2);
      for (int k = 0; k < s.names().length; k++) {
        if (s.names()[k] != null) {
          place(grown, s.names()[k], s.ids()[k]);
        }
      }
      place(grown, name, id);
      slots = grown;
    } else {
      place(s, name, id);
    }
  }

  private static void place(Slots s, String name, int id) {
    String[] keys = s.names();
    int mask = keys.length - 1;
    int h = name.hashCode();
    int i = spread(h) & mask;
    while (keys[i] != null) {
      i = (i + 1) & mask;
    }
    s.hashes()[i] = h;
    s.ids()[i] = id;
    SLOT.setRelease(keys, i, name);
  }

  private static int spread(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }


  /** The id of {@code name}, given it now if it had none (owner only). */
  public int intern(String name) {
    int i = find(Objects.requireNonNull(name, "name"));
    if (i >= 0) {
      return i;
    }
    String[] n = names;
    if (size == n.length) {
      n = Arrays.copyOf(n, size * 2);
      names = n;
    }
    n[size] = name;
    insert(name, size);
    return size++;
  }

  /**
   * The sorted, distinct ids of {@code neighbors} that have one, without {@code self}: shared
   * between callers in a shared table (the row must not be modified).
   */
  int[] row(int self, Collection<String> neighbors) {
    int[] row = rows == null ? null : rows.get(neighbors);
    if (row == null) {
      row = sortedIds(neighbors);
      if (rows != null) {
        rows.put(neighbors, row);
      }
    }
    if (Arrays.binarySearch(row, self) >= 0) {
      int[] without = new int[row.length - 1];
      int n = 0;
      for (int id : row) {
        if (id != self) {
          without[n++] = id;
        }
      }
      return without;
    }
    return row;
  }

  private int[] sortedIds(Collection<String> neighbors) {
    int[] out = new int[neighbors.size()];
    int n = 0;
    for (String neighbor : neighbors) {
      int j = idOf(Objects.requireNonNull(neighbor, "neighbour name"));
      if (j >= 0) {
        out[n++] = j;
      }
    }
    Arrays.sort(out, 0, n);
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (k == 0 || out[k - 1] != out[i]) {
        out[k++] = out[i];
      }
    }
    return k == out.length ? out : Arrays.copyOf(out, k);
  }

  /** How many names have an id. */
  public int size() {
    return size;
  }

  /** The array of names by id; entries at and above {@link #size()} are unset. */
  String[] names() {
    return names;
  }
}
