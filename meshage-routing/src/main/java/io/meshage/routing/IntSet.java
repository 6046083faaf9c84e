package io.meshage.routing;

import java.util.Arrays;

/**
 * A set of non-negative ints by open addressing, for searches that visit a few nodes of a large
 * topology without allocating arrays of the topology's size. Single-threaded.
 */
final class IntSet {
  private int[] slots = new int[32];
  private int size;

  IntSet() {
    Arrays.fill(slots, -1);
  }

  boolean contains(int v) {
    int mask = slots.length - 1;
    for (int i = mix(v) & mask; ; i = (i + 1) & mask) {
      int s = slots[i];
      if (s == v) {
        return true;
      }
      if (s < 0) {
        return false;
      }
    }
  }

  /** Adds {@code v}; false when it was already in. */
  boolean add(int v) {
    if (2 * (size + 1) > slots.length) {
      grow();
    }
    int mask = slots.length - 1;
    for (int i = mix(v) & mask; ; i = (i + 1) & mask) {
      int s = slots[i];
      if (s == v) {
        return false;
      }
      if (s < 0) {
        slots[i] = v;
        size++;
        return true;
      }
    }
  }

  int size() {
    return size;
  }

  private void grow() {
    int[] old = slots;
    slots = new int[old.length * 2];
    Arrays.fill(slots, -1);
    size = 0;
    for (int v : old) {
      if (v >= 0) {
        add(v);
      }
    }
  }

  private static int mix(int v) {
    int h = v * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
