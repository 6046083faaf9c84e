package io.meshage.routing;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An append-only table giving every node name a small integer id, so that topologies and routes
 * work on arrays. A name keeps its id for the table's life, so successive topologies of one
 * database share an id space and can be compared row by row. One table per node (its database
 * starts a new one when most ids belong to names no longer held), or one shared by every node of
 * a simulation to save memory.
 *
 * <p>Threads: only the owner (a node's event loop, or a simulation's single thread) adds names;
 * any thread may look names up, and a topology only ever reads ids it saw when it was built.
 */
public final class NameIds {
  private final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
  // Written by the owner only; a topology keeps the array it was built with and reads only the
  // ids below its capacity, which were written before it was published.
  private volatile String[] names = new String[16];
  private int size;

  /** The id of {@code name}, or -1 when it has none. */
  public int idOf(String name) {
    Integer i = ids.get(name);
    return i == null ? -1 : i;
  }

  /** The id of {@code name}, given it now if it had none (owner only). */
  public int intern(String name) {
    Integer i = ids.get(Objects.requireNonNull(name, "name"));
    if (i != null) {
      return i;
    }
    String[] n = names;
    if (size == n.length) {
      n = Arrays.copyOf(n, size * 2);
      names = n;
    }
    n[size] = name;
    ids.put(name, size);
    return size++;
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
