package io.meshage.internal.membership;

import java.util.function.Predicate;

/**
 * Names heard by discovery with the time each was last heard: an open-addressing table of names
 * and primitive times, so that hearing a name again writes one long and allocates nothing (a
 * forming mesh of N nodes makes every node hear about N beacons; a map of boxed times allocated
 * two objects per beacon). Owned by the event loop.
 */
final class HeardNames {
  private String[] names = new String[16];
  /** The hash of the name in each slot, compared before the name itself (which costs a load). */
  private int[] hashes = new int[16];
  private long[] times = new long[16];
  private int size;

  /** How many names are held. */
  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Records {@code name} heard at {@code nanos}; true when it was not held before. */
  boolean put(String name, long nanos) {
    int i = slot(name);
    if (names[i] != null) {
      times[i] = nanos;
      return false;
    }
    if (2 * (size + 1) > names.length) {
      grow();
      i = slot(name);
    }
    names[i] = name;
    hashes[i] = name.hashCode();
    times[i] = nanos;
    size++;
    return true;
  }

  /** Forgets {@code name}; true when it was held. */
  boolean remove(String name) {
    int i = slot(name);
    if (names[i] == null) {
      return false;
    }
    delete(i);
    return true;
  }

  /** Whether {@code name} is held. */
  boolean contains(String name) {
    return names[slot(name)] != null;
  }

  /** Forgets every name heard before {@code oldestNanos} and every name {@code drop} accepts. */
  void removeIf(long oldestNanos, Predicate<String> drop) {
    for (int i = 0; i < names.length; ) {
      String n = names[i];
      if (n != null && (times[i] < oldestNanos || drop.test(n))) {
        // the slot is refilled from further along the cluster: look at it again
        delete(i);
      } else {
        i++;
      }
    }
  }

  /** The slot holding {@code name}, or the empty slot where it would go (linear probing). */
  private int slot(String name) {
    int mask = names.length - 1;
    int h = name.hashCode();
    int i = mix(h) & mask;
    while (names[i] != null && names[i] != name && (hashes[i] != h || !names[i].equals(name))) {
      i = (i + 1) & mask;
    }
    return i;
  }

  /** Empties slot {@code i}, moving later members of its cluster back so that none is lost. */
  private void delete(int i) {
    int mask = names.length - 1;
    names[i] = null;
    size--;
    int hole = i;
    for (int j = (i + 1) & mask; names[j] != null; j = (j + 1) & mask) {
      int home = mix(hashes[j]) & mask;
      // j may move to the hole when its home is not within (hole, j] going round the table
      boolean between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
      if (!between) {
        names[hole] = names[j];
        hashes[hole] = hashes[j];
        times[hole] = times[j];
        names[j] = null;
        hole = j;
      }
    }
  }

  private void grow() {
    String[] oldNames = names;
    int[] oldHashes = hashes;
    long[] oldTimes = times;
    names = new String[oldNames.length * 2];
    hashes = new int[oldNames.length * 2];
    times = new long[oldNames.length * 2];
    for (int k = 0; k < oldNames.length; k++) {
      if (oldNames[k] != null) {
        int i = slot(oldNames[k]);
        names[i] = oldNames[k];
        hashes[i] = oldHashes[k];
        times[i] = oldTimes[k];
      }
    }
  }

  private static int mix(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
