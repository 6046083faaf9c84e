package io.meshage.internal.command;

import java.util.LinkedHashMap;
import java.util.Map;

/** The most recent keys seen, up to a capacity (oldest forgotten first); thread-safe. */
final class SeenSet {
  private final Map<String, Boolean> keys;

  SeenSet(int capacity) {
    this.keys =
        new LinkedHashMap<>(16, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Adds {@code key}; false when it was already there. */
  synchronized boolean add(String key) {
    return keys.put(key, Boolean.TRUE) == null;
  }
}
