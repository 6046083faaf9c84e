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
 * <p>Decoding is one pass with no decoder object: ASCII (node names, most protocol strings) is
 * scanned and copied; anything else is validated and decoded into chars in the same loop.
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
      return new String(bytes, offset, length, StandardCharsets.ISO_8859_1); // ASCII: a copy
    }
    char[] chars = new char[length];
    int n = 0;
    for (int k = offset; k < i; k++) {
      chars[n++] = (char) bytes[k];
    }
    while (i < end) {
      int c = bytes[i];
      if (c >= 0) {
        chars[n++] = (char) c;
        i++;
        continue;
      }
      int size = sequenceLength(bytes, i, end);
      if (size < 0) {
        throw new IllegalArgumentException(
            what + ": invalid UTF-8 at byte " + (i - offset) + " of " + length);
      }
      if (size == 2) {
        chars[n++] = (char) (((c & 0x1F) << 6) | (bytes[i + 1] & 0x3F));
      } else if (size == 3) {
        chars[n++] = (char) (((c & 0x0F) << 12) | ((bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F));
      } else {
        int cp = ((c & 0x07) << 18) | ((bytes[i + 1] & 0x3F) << 12) | ((bytes[i + 2] & 0x3F) << 6)
            | (bytes[i + 3] & 0x3F);
        chars[n++] = Character.highSurrogate(cp);
        chars[n++] = Character.lowSurrogate(cp);
      }
      i += size;
    }
    return new String(chars, 0, n);
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
      int size = b[i] >= 0 ? 1 : sequenceLength(b, i, end);
      if (size < 0) {
        return i;
      }
      i += size;
    }
    return -1;
  }

  /**
   * The length (2 to 4) of the well-formed multi-byte sequence that starts at {@code b[i]}, or -1
   * when it is malformed: a continuation byte without a lead, an overlong form (C0, C1, E0 80..9F,
   * F0 80..8F), a surrogate (ED A0..BF), past U+10FFFF (F4 90.., F5..FF), or truncated.
   */
  private static int sequenceLength(byte[] b, int i, int end) {
    int c = b[i] & 0xFF;
    int need;
    int min = 0x80;
    int max = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      need = 2;
      min = c == 0xE0 ? 0xA0 : 0x80;
      max = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
      need = 3;
      min = c == 0xF0 ? 0x90 : 0x80;
      max = c == 0xF4 ? 0x8F : 0xBF;
    } else {
      return -1;
    }
    if (i + need >= end) {
      return -1;
    }
    int second = b[i + 1] & 0xFF;
    if (second < min || second > max) {
      return -1;
    }
    for (int k = 2; k <= need; k++) {
      if ((b[i + k] & 0xC0) != 0x80) {
        return -1;
      }
    }
    return need + 1;
  }
}
