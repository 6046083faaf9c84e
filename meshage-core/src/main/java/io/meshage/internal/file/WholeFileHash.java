package io.meshage.internal.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The SHA-256 of a download's whole file, fed its parts in order as they come in: a part that
 * arrives ahead of the one the hash waits for is kept (less than a window ahead, at most {@link
 * #AHEAD_BYTES} in all) instead of being read back from disk when its turn comes. Guarded by
 * itself; it takes the download's lock (through {@code held}) while holding its own, never the
 * other way round. Closed when the transfer ends, which drops what it kept.
 */
final class WholeFileHash {
  /** Most bytes of parts kept while an earlier part is missing. */
  static final long AHEAD_BYTES = 4 << 20;

  private final MessageDigest digest = Manifest.digest();
  /** How far ahead of the next part to hash a part may be and still be kept. */
  private final int window;
  private final Map<Integer, byte[]> ahead = new HashMap<>();
  private long aheadBytes;
  /** The parts hashed so far: parts 0 to {@code hashed - 1}. */
  private int hashed;
  /** Parts read back from disk (tests). */
  private int readBack;
  private boolean closed;

  WholeFileHash(int window) {
    this.window = window;
  }

  /**
   * Keeps {@code part}, just written, when it is the part the hash waits for or less than a
   * window ahead of it and the parts kept stay within {@link #AHEAD_BYTES}. Call it before the
   * part counts as held, so that no other thread reads it back from disk meanwhile.
   */
  synchronized void keep(int part, byte[] bytes) {
    if (closed || part < hashed || part - hashed >= window || ahead.containsKey(part)
        || (part > hashed && aheadBytes + bytes.length > AHEAD_BYTES)) {
      return;
    }
    ahead.put(part, bytes);
    aheadBytes += bytes.length;
  }

  /**
   * Feeds the hash every part from the next one on that is kept or {@code held} on disk (read
   * from {@code file}), in order, until one is missing.
   */
  synchronized void feed(Manifest m, FileChannel file, IntPredicate held) throws IOException {
    if (closed) {
      return;
    }
    while (hashed < m.parts()) {
      byte[] next = ahead.remove(hashed);
      if (next != null) {
        aheadBytes -= next.length;
      } else {
        if (!held.test(hashed)) {
          break;
        }
        next = FileServer.readPart(file, m, hashed);
        readBack++;
      }
      digest.update(next);
      hashed++;
    }
    if (!ahead.isEmpty()) {
      ahead.entrySet().removeIf(e -> {
        boolean stale = e.getKey() < hashed;
        aheadBytes -= stale ? e.getValue().length : 0;
        return stale;
      });
    }
  }

  /** Feeds what is left, then the file's SHA-256, or an empty array when a part is still missing; closes. */
  synchronized byte[] finish(Manifest m, FileChannel file, IntPredicate held) throws IOException {
    feed(m, file, held);
    byte[] sha = hashed == m.parts() ? digest.digest() : new byte[0];
    close();
    return sha;
  }

  /** Drops the parts kept; nothing is kept nor hashed from now on. */
  synchronized void close() {
    closed = true;
    ahead.clear();
    aheadBytes = 0;
  }

  synchronized int partsReadBack() {
    return readBack;
  }
}
