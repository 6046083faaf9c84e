package io.meshage.internal.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The one UTF-8 policy of the node: strings with unpaired surrogates are refused when encoding,
 * and malformed bytes (bad or truncated sequences, overlong forms, surrogates, code points past
 * U+10FFFF) are refused when decoding, never silently replaced. Failures are {@link
 * IllegalArgumentException}s naming the field; each codec wraps them in its own error (a {@code
 * ProtocolException} for frames, a {@code MalformedDataException} for command data).
 *
 * <p>Decoding validates first (a tight loop, with a fast path for ASCII) and then lets the JDK
 * build the string from input known to be valid, so the hot path costs one scan more than {@code
 * new String(bytes, UTF_8)} and no decoder object.
 */
public final class Utf8 {
  private Utf8() {}

  /**
   * The number of bytes {@code s} takes in UTF-8.
   *
   * @throws IllegalArgumentException naming {@code what} if {@code s} holds an unpaired surrogate
   */
  public static int encodedLength(String s, String what) {
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            what + ": string has an unpaired surrogate at index " + i + ", it is not valid Unicode");
      } else {
        bytes += 3;
      }
    }
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(what + ": string is too long to encode");
    }
    return (int) bytes;
  }

  /**
   * The UTF-8 bytes of {@code s}.
   *
   * @throws IllegalArgumentException naming {@code what} if {@code s} holds an unpaired surrogate
   */
  public static byte[] encode(String s, String what) {
    int length = encodedLength(s, what);
    if (length == s.length()) {
      return s.getBytes(StandardCharsets.ISO_8859_1); // all ASCII: one byte per char, no checks
    }
    ByteBuffer out = ByteBuffer.allocate(length);
    write(s, out);
    return out.array();
  }

  /** Writes {@code s}, already checked by {@link #encodedLength}, as UTF-8. */
  public static void write(String s, ByteBuffer out) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out.put((byte) c);
      } else if (c < 0x800) {
        out.put((byte) (0xC0 | (c >> 6)));
        out.put((byte) (0x80 | (c & 0x3F)));
      } else if (Character.isHighSurrogate(c)) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out.put((byte) (0xF0 | (cp >> 18)));
        out.put((byte) (0x80 | ((cp >> 12) & 0x3F)));
        out.put((byte) (0x80 | ((cp >> 6) & 0x3F)));
        out.put((byte) (0x80 | (cp & 0x3F)));
      } else {
        out.put((byte) (0xE0 | (c >> 12)));
        out.put((byte) (0x80 | ((c >> 6) & 0x3F)));
        out.put((byte) (0x80 | (c & 0x3F)));
      }
    }
  }

  /** Decodes all of {@code bytes}; see {@link #decode(byte[], int, int, String)}. */
  public static String decode(byte[] bytes, String what) {
    return decode(bytes, 0, bytes.length, what);
  }

  /**
   * Decodes {@code length} bytes of {@code bytes} from {@code offset}, refusing malformed UTF-8.
   * The caller has checked that the range lies inside the array.
   *
   * @throws IllegalArgumentException naming {@code what} and the offset of the first bad byte
   */
  public static String decode(byte[] bytes, int offset, int length, String what) {
    int end = offset + length;
    int i = offset;
    while (i < end && bytes[i] >= 0) {
      i++;
    }
    if (i == end) {
      return new String(bytes, offset, length, StandardCharsets.ISO_8859_1); // ASCII
    }
    int bad = firstMalformed(bytes, i, end);
    if (bad >= 0) {
      throw new IllegalArgumentException(
          what + ": invalid UTF-8 at byte " + (bad - offset) + " of " + length);
    }
    return new String(bytes, offset, length, StandardCharsets.UTF_8);
  }

  /**
   * Decodes {@code length} bytes at the buffer's position and moves past them.
   *
   * @throws IllegalArgumentException as {@link #decode(byte[], int, int, String)}
   */
  public static String read(ByteBuffer in, int length, String what) {
    String s;
    if (in.hasArray()) {
      s = decode(in.array(), in.arrayOffset() + in.position(), length, what);
    } else {
      byte[] copy = new byte[length];
      in.duplicate().get(copy);
      s = decode(copy, what);
    }
    in.position(in.position() + length);
    return s;
  }

  /** The index of the first byte of a malformed sequence in {@code [from, end)}, or -1. */
  static int firstMalformed(byte[] b, int from, int end) {
    int i = from;
    while (i < end) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        i++;
        continue;
      }
      int need;
      int min;
      int max = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        min = 0x80;
      } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        min = c == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
        max = c == 0xED ? 0x9F : 0xBF; // ED A0..BF would be a surrogate
      } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        min = c == 0xF0 ? 0x90 : 0x80; // F0 80..8F would be overlong
        max = c == 0xF4 ? 0x8F : 0xBF; // F4 90.. would pass U+10FFFF
      } else {
        return i; // continuation byte without a lead, C0/C1 overlong, or F5..FF
      }
      if (i + need >= end) {
        return i; // truncated
      }
      int second = b[i + 1] & 0xFF;
      if (second < min || second > max) {
        return i;
      }
      for (int k = 2; k <= need; k++) {
        if ((b[i + k] & 0xC0) != 0x80) {
          return i;
        }
      }
      i += need + 1;
    }
    return -1;
  }
}
