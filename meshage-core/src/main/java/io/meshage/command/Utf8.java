package io.meshage.command;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8: strings with unpaired surrogates are refused instead of silently replaced. */
final class Utf8 {
  private Utf8() {}

  /**
   * The number of bytes {@code s} takes in UTF-8.
   *
   * @throws IllegalArgumentException if {@code s} holds an unpaired surrogate
   */
  static int encodedLength(String s, String what) {
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
            what
                + ": string has an unpaired surrogate at index "
                + i
                + ", it is not valid Unicode");
      } else {
        bytes += 3;
      }
    }
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(what + ": string is too long to encode");
    }
    return (int) bytes;
  }

  /** Writes {@code s}, already checked by {@link #encodedLength}, as UTF-8. */
  static void write(String s, ByteBuffer out) {
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

  /** Decodes {@code length} bytes at the buffer's position, refusing malformed UTF-8. */
  static String read(ByteBuffer in, int length, String what) {
    ByteBuffer slice = in.slice();
    slice.limit(length);
    int start = in.position();
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(slice);
      in.position(start + length);
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new MalformedDataException(
          what + ": invalid UTF-8 in the " + length + " bytes at offset " + start, e);
    }
  }
}
