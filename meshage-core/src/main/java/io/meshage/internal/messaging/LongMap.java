package io.meshage.internal.messaging;

import java.util.ArrayList;
import java.util.List;

/**
 * A map from {@code long} keys to values without boxing: open addressing with linear probing and
 * backward-shift removal, growing at half full and shrinking at an eighth. For message ids, taken
 * and looked up once per message and ACK on the event loop. Not thread-safe; no null values.
 */
final class LongMap<V> {
  private static final int MIN_CAPACITY = 16;

  private long[] keys;
  private Object[] values;
  private int mask;
  private int size;

  LongMap() {
    allocate(MIN_CAPACITY);
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The value of {@code key}, or null. */
  @SuppressWarnings("unchecked")
  V get(long key) {
    for (int i = slot(key); ; i = (i + 1) & mask) {
      Object v = values[i];
      if (v == null) {
        return null;
      }
      if (keys[i] == key) {
        return (V) v;
      }
    }
  }

  /** Maps {@code key} to {@code value} (not null), replacing any earlier value. */
  void put(long key, V value) {
    if (value == null) {
      throw new IllegalArgumentException("value must not be null");
    }
    int i = slot(key);
    while (values[i] != null) {
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
    if (++size > (mask + 1) / 2) {
      rehash((mask + 1) * 2);
    }
  }

  /** Removes {@code key}; returns its value, or null when it had none. */
  @SuppressWarnings("unchecked")
  V remove(long key) {
    int i = slot(key);
    while (true) {
      Object v = values[i];
      if (v == null) {
        return null;
      }
      if (keys[i] == key) {
        shiftBack(i);
        if (--size < (mask + 1) / 8 && mask + 1 > MIN_CAPACITY) {
          rehash((mask + 1) / 2);
        }
        return (V) v;
      }
      i = (i + 1) & mask;
    }
  }

  /** A copy of the values, in no particular order. */
  @SuppressWarnings("unchecked")
  List<V> values() {
    List<V> out = new ArrayList<>(size);
    for (Object v : values) {
      if (v != null) {
        out.add((V) v);
      }
    }
    return out;
  }

  /** Closes the gap at {@code gap} by moving back every later entry of its probe run that may move. */
  private void shiftBack(int gap) {
    int i = gap;
    while (true) {
      i = (i + 1) & mask;
      if (values[i] == null) {
        break;
      }
      int home = slot(keys[i]);
      // The entry at i may fill the gap unless its home lies cyclically in (gap, i].
      if (((i - home) & mask) >= ((i - gap) & mask)) {
        keys[gap] = keys[i];
        values[gap] = values[i];
        gap = i;
      }
    }
    values[gap] = null;
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private void rehash(int capacity) {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    allocate(capacity);
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldValues[j] != null) {
        int i = slot(oldKeys[j]);
        while (values[i] != null) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        values[i] = oldValues[j];
      }
    }
  }

  private void allocate(int capacity) {
    keys = new long[capacity];
    values = new Object[capacity];
    mask = capacity - 1;
  }
}
