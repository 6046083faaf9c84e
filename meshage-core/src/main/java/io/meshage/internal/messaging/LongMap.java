package io.meshage.internal.messaging;

import java.util.ArrayList;
import java.util.List;

/**
 * A map from {@code long} keys to values without boxing, for message ids: chained buckets in
 * plain arrays, one bucket per slot, freed slots reused first. Sequential ids fill neighbouring
 * buckets (the hash is the id's low bits), so the ids in flight stay close in memory. It grows
 * when every slot is taken and shrinks a large table that became mostly empty. Used on the event
 * loop, once per message and per ACK; not thread-safe; no null values.
 */
final class LongMap<V> {
  private static final int MIN_CAPACITY = 16;
  /** Tables at least this large shrink when under a sixteenth full. */
  private static final int SHRINK_FROM = 1 << 16;

  /** Per bucket: index + 1 of its first slot, 0 when empty. */
  private int[] heads;
  private long[] keys;
  private Object[] values;
  /** Per slot: index + 1 of the next slot of its bucket (or of the free list), 0 at the end. */
  private int[] next;
  private int mask;
  /** Index + 1 of the first free slot below {@link #used}, 0 when none. */
  private int free;
  /** Slots handed out so far (live or freed). */
  private int used;
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
    for (int e = heads[bucket(key)]; e != 0; e = next[e - 1]) {
      if (keys[e - 1] == key) {
        return (V) values[e - 1];
      }
    }
    return null;
  }

  /** Maps {@code key} to {@code value} (not null), replacing any earlier value. */
  void put(long key, V value) {
    if (value == null) {
      throw new IllegalArgumentException("value must not be null");
    }
    int b = bucket(key);
    for (int e = heads[b]; e != 0; e = next[e - 1]) {
      if (keys[e - 1] == key) {
        values[e - 1] = value;
        return;
      }
    }
    if (free == 0 && used == keys.length) {
      rebuild(keys.length * 2);
      b = bucket(key);
    }
    int i;
    if (free != 0) {
      i = free - 1;
      free = next[i];
    } else {
      i = used++;
    }
    keys[i] = key;
    values[i] = value;
    next[i] = heads[b];
    heads[b] = i + 1;
    size++;
  }

  /** Removes {@code key}; returns its value, or null when it had none. */
  @SuppressWarnings("unchecked")
  V remove(long key) {
    int b = bucket(key);
    int previous = 0;
    for (int e = heads[b]; e != 0; previous = e, e = next[e - 1]) {
      int i = e - 1;
      if (keys[i] != key) {
        continue;
      }
      if (previous == 0) {
        heads[b] = next[i];
      } else {
        next[previous - 1] = next[i];
      }
      V v = (V) values[i];
      values[i] = null;
      next[i] = free;
      free = e;
      if (--size < keys.length / 16 && keys.length >= SHRINK_FROM) {
        rebuild(keys.length / 2);
      }
      return v;
    }
    return null;
  }

  /** A copy of the values, in no particular order. */
  @SuppressWarnings("unchecked")
  List<V> values() {
    List<V> out = new ArrayList<>(size);
    for (int i = 0; i < used; i++) {
      if (values[i] != null) {
        out.add((V) values[i]);
      }
    }
    return out;
  }

  private int bucket(long key) {
    return (int) (key ^ (key >>> 32)) & mask;
  }

  /** Moves every entry into fresh arrays of {@code capacity} slots (and as many buckets). */
  private void rebuild(int capacity) {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    int oldUsed = used;
    allocate(capacity);
    for (int j = 0; j < oldUsed; j++) {
      if (oldValues[j] != null) {
        int i = used++;
        int b = bucket(oldKeys[j]);
        keys[i] = oldKeys[j];
        values[i] = oldValues[j];
        next[i] = heads[b];
        heads[b] = i + 1;
      }
    }
  }

  private void allocate(int capacity) {
    heads = new int[capacity];
    keys = new long[capacity];
    values = new Object[capacity];
    next = new int[capacity];
    mask = capacity - 1;
    free = 0;
    used = 0;
  }
}
