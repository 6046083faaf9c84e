package io.meshage.rpc;

import java.util.LinkedHashMap;
import java.util.Map;

/** The last few thousand (caller, call) pairs served, so a request that arrives twice runs once. */
final class SeenRequests {
  private final Map<String, Boolean> seen;

  SeenRequests(int capacity) {
    this.seen =
        new LinkedHashMap<>(capacity * 2) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Whether this is the first time {@code caller}'s call {@code call} is seen. */
  synchronized boolean add(String caller, long call) {
    return seen.putIfAbsent(caller + '/' + call, Boolean.TRUE) == null;
  }
}
