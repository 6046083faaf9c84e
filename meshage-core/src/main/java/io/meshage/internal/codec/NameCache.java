package io.meshage.internal.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * The short strings (node names, mostly) decoded lately on one link, so that a name arriving in
 * frame after frame is checked and allocated once: a direct-mapped table from the wire bytes to
 * the string they decoded to. A byte-for-byte match returns the earlier string; anything else is
 * decoded (and validated) as usual. For one link's reader (on TCP, the event loop reading that link); not thread-safe.
 */
public final class NameCache {
  private static final int SLOTS = 256;
  /** Longer strings are decoded every time (names are short; reasons and metadata are not cached). */
  static final int MAX_BYTES = 64;

  private final byte[][] bytes = new byte[SLOTS][];
  private final String[] strings = new String[SLOTS];
  /** {@code List.of(strings[i])}, made the first time a one-name list needs it. */
  @SuppressWarnings("unchecked")
  private final List<String>[] singletons = new List[SLOTS];
  /** The slot of the string {@link #read} returned last, or -1 when it was not cached. */
  private int lastSlot = -1;

  /**
   * Decodes {@code length} UTF-8 bytes at the buffer's position and moves past them.
   *
   * @throws IllegalArgumentException as {@link Utf8#read}
   */
  String read(ByteBuffer in, int length) {
    lastSlot = -1;
    if (length > MAX_BYTES || !in.hasArray()) {
      return Utf8.read(in, length, "string");
    }
    byte[] a = in.array();
    int from = in.arrayOffset() + in.position();
    int h = length;
    for (int i = from; i < from + length; i++) {
      h = 31 * h + a[i];
    }
    int slot = (h ^ (h >>> 8) ^ (h >>> 16)) & (SLOTS - 1);
    byte[] seen = bytes[slot];
    if (seen != null && Arrays.equals(seen, 0, seen.length, a, from, from + length)) {
      in.position(in.position() + length);
      lastSlot = slot;
      return strings[slot];
    }
    String s = Utf8.read(in, length, "string");
    bytes[slot] = Arrays.copyOfRange(a, from, from + length);
    strings[slot] = s;
    singletons[slot] = null;
    lastSlot = slot;
    return s;
  }

  /** {@code List.of(s)} for the string {@link #read} just returned, the same list each time. */
  List<String> singleton(String s) {
    if (lastSlot < 0) {
      return List.of(s);
    }
    List<String> l = singletons[lastSlot];
    if (l == null) {
      l = List.of(s);
      singletons[lastSlot] = l;
    }
    return l;
  }
}
