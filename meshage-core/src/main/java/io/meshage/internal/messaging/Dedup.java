package io.meshage.internal.messaging;

import io.meshage.internal.codec.Frame;
import java.util.HashMap;
import java.util.Map;

/**
 * Exactly-once delivery: remembers, per origin and instance, which message ids this node has
 * delivered, so that duplicates (retransmits, re-routed copies, duplicated frames) are dropped.
 * Owned by the event loop.
 */
final class Dedup {
  private final Map<String, SeenWindow> seen = new HashMap<>();

  /** Whether {@code d} is seen here for the first time (and records it). */
  boolean firstTime(Frame.Data d) {
    SeenWindow w = seen.get(d.origin());
    if (w == null || w.instance != d.originInstance()) {
      if (w != null && d.originInstance() < w.instance) {
        return false;
      }
      w = new SeenWindow(d.originInstance());
      seen.put(d.origin(), w);
    }
    return w.firstTime(d.id());
  }
}
