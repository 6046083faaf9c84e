package io.meshage.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recent keys seen, up to a capacity (oldest forgotten first); thread-safe. The one
 * seen-set of the call layers: a request, RPC or fan-out message that arrives twice runs once.
 */
public final class SeenSet {
  private final Map<String, Boolean> keys;

  public SeenSet(int capacity) {
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
  public synchronized boolean add(String key) {
    return keys.putIfAbsent(key, Boolean.TRUE) == null;
  }
}
