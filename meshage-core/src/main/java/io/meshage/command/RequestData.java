package io.meshage.command;

import io.meshage.internal.codec.Utf8;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The codec for the {@code Map<String, Object>} request and response data of commands.
 *
 * <p>Allowed values: {@code null}, {@link Boolean}, {@link Byte}, {@link Short}, {@link Integer},
 * {@link Long}, {@link Float}, {@link Double}, {@link Character}, {@link String} (valid Unicode: no
 * unpaired surrogates), {@code byte[]}, any {@link List} of allowed values and any {@link Map}
 * whose keys are non-null Strings and whose values are allowed. Each value keeps its Java type
 * across the wire (an {@code Integer} arrives as an {@code Integer}). Anything else, a key that is
 * not a String, nesting deeper than {@link #MAX_DEPTH} containers (the root map counts as one, so
 * cycles are caught too) or an encoding larger than the size limit throws {@link
 * IllegalArgumentException} naming the path, for example {@code data.items[3]: java.util.Date is
 * not allowed}, before anything is sent.
 *
 * <p>Decoded maps keep the sender's order (they are {@link LinkedHashMap}s) and, like decoded
 * lists, are unmodifiable; byte arrays are fresh copies the receiver may change. Decoding checks
 * every length against the remaining bytes before allocating and throws {@link
 * MalformedDataException} for truncated, trailing, too deep or otherwise hostile input.
 *
 * <p>Wire format (version 1, big-endian): a version byte, then the root map as a tagged value. A
 * tag byte is followed by: nothing (null, false, true), 1/2/4/8 bytes (byte, short and char, int
 * and float, long and double), a 4-byte length and the bytes (String in UTF-8, byte[]), a 4-byte
 * count and the elements (List), or a 4-byte count of (key as a String without tag, tagged value)
 * entries (Map).
 */
public final class RequestData {
  /** The default limit on encoded data, 16 MiB. */
  public static final int DEFAULT_MAX_SIZE = 16 * 1024 * 1024;

  /** The deepest nesting of maps and lists; the root map is depth 1. */
  public static final int MAX_DEPTH = 32;

  static final byte VERSION = 1;
  static final byte NULL = 0;
  static final byte FALSE = 1;
  static final byte TRUE = 2;
  static final byte BYTE = 3;
  static final byte SHORT = 4;
  static final byte INT = 5;
  static final byte LONG = 6;
  static final byte FLOAT = 7;
  static final byte DOUBLE = 8;
  static final byte CHAR = 9;
  static final byte STRING = 10;
  static final byte BYTES = 11;
  static final byte LIST = 12;
  static final byte MAP = 13;

  private RequestData() {}

  /** Checks that {@code data} can be encoded within {@link #DEFAULT_MAX_SIZE}; see the class. */
  public static void validate(Map<String, ?> data) {
    validate(data, DEFAULT_MAX_SIZE);
  }

  /** Checks that {@code data} can be encoded within {@code maxSize} bytes. */
  public static void validate(Map<String, ?> data, int maxSize) {
    new Measure(maxSize).root(data);
  }

  /** Encodes {@code data} within {@link #DEFAULT_MAX_SIZE}. */
  public static byte[] encode(Map<String, ?> data) {
    return encode(data, DEFAULT_MAX_SIZE);
  }

  /**
   * Encodes {@code data}; it must not change while this runs.
   *
   * @throws IllegalArgumentException naming the path of a value that is not allowed, or if the
   *     result would exceed {@code maxSize} bytes
   */
  public static byte[] encode(Map<String, ?> data, int maxSize) {
    int size = new Measure(maxSize).root(data);
    ByteBuffer out = ByteBuffer.allocate(size);
    try {
      out.put(VERSION);
      write(data, out);
    } catch (BufferOverflowException e) {
      throw new IllegalStateException("request data changed while it was being encoded", e);
    }
    if (out.hasRemaining()) {
      throw new IllegalStateException("request data changed while it was being encoded");
    }
    return out.array();
  }

  /** Decodes bytes made by {@link #encode}, accepting at most {@link #DEFAULT_MAX_SIZE}. */
  public static Map<String, Object> decode(byte[] bytes) {
    return decode(bytes, DEFAULT_MAX_SIZE);
  }

  /**
   * Decodes bytes made by {@link #encode}.
   *
   * @throws MalformedDataException if the bytes are longer than {@code maxSize}, truncated, have
   *     trailing bytes, an unknown version or tag, a duplicate key, invalid UTF-8 or nest deeper
   *     than {@link #MAX_DEPTH}
   */
  public static Map<String, Object> decode(byte[] bytes, int maxSize) {
    Objects.requireNonNull(bytes, "bytes");
    checkMaxSize(maxSize);
    if (bytes.length > maxSize) {
      throw new MalformedDataException(
          "request data of " + bytes.length + " bytes exceeds the limit of " + maxSize);
    }
    return new RequestDataDecoder(bytes).decode();
  }

  static void checkMaxSize(int maxSize) {
    if (maxSize < 1) {
      throw new IllegalArgumentException("maxSize must be at least 1, got " + maxSize);
    }
  }

  private static void write(Object value, ByteBuffer out) {
    if (value == null) {
      out.put(NULL);
    } else if (value instanceof Boolean b) {
      out.put(b ? TRUE : FALSE);
    } else if (value instanceof Byte b) {
      out.put(BYTE).put(b);
    } else if (value instanceof Short s) {
      out.put(SHORT).putShort(s);
    } else if (value instanceof Integer i) {
      out.put(INT).putInt(i);
    } else if (value instanceof Long l) {
      out.put(LONG).putLong(l);
    } else if (value instanceof Float f) {
      out.put(FLOAT).putInt(Float.floatToRawIntBits(f));
    } else if (value instanceof Double d) {
      out.put(DOUBLE).putLong(Double.doubleToRawLongBits(d));
    } else if (value instanceof Character c) {
      out.put(CHAR).putChar(c);
    } else if (value instanceof String s) {
      writeString(s, out.put(STRING));
    } else if (value instanceof byte[] b) {
      out.put(BYTES).putInt(b.length).put(b);
    } else if (value instanceof List<?> list) {
      out.put(LIST).putInt(list.size());
      for (Object element : list) {
        write(element, out);
      }
    } else {
      Map<?, ?> map = (Map<?, ?>) value;
      out.put(MAP).putInt(map.size());
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        writeString((String) entry.getKey(), out);
        write(entry.getValue(), out);
      }
    }
  }

  private static void writeString(String s, ByteBuffer out) {
    out.putInt(Utf8.encodedLength(s, "string"));
    Utf8.write(s, out);
  }

  /** Checks every value and computes the encoded size, failing early past the limit. */
  private static final class Measure {
    private final int maxSize;
    private final KeyPath path = new KeyPath(MAX_DEPTH + 1);
    private long size;

    Measure(int maxSize) {
      checkMaxSize(maxSize);
      this.maxSize = maxSize;
    }

    int root(Map<String, ?> data) {
      Objects.requireNonNull(data, "data");
      try {
        size = 1;
        value(data, 0);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(path.render() + ": " + e.getMessage(), e);
      }
      return (int) size;
    }

    private void value(Object value, int level) {
      size += 1;
      if (value == null || value instanceof Boolean) {
        // the tag says it all
      } else if (value instanceof Byte) {
        size += 1;
      } else if (value instanceof Short || value instanceof Character) {
        size += 2;
      } else if (value instanceof Integer || value instanceof Float) {
        size += 4;
      } else if (value instanceof Long || value instanceof Double) {
        size += 8;
      } else if (value instanceof String s) {
        size += 4L + Utf8.encodedLength(s, "String");
      } else if (value instanceof byte[] b) {
        size += 4L + b.length;
      } else if (value instanceof List<?> list) {
        enterContainer(level);
        size += 4;
        int index = 0;
        for (Object element : list) {
          path.index(level + 1, index++);
          value(element, level + 1);
        }
        path.leave(level);
      } else if (value instanceof Map<?, ?> map) {
        enterContainer(level);
        size += 4;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          if (!(entry.getKey() instanceof String key)) {
            throw new IllegalArgumentException(
                entry.getKey() == null
                    ? "map has a null key"
                    : "map key "
                        + entry.getKey()
                        + " is a "
                        + entry.getKey().getClass().getName()
                        + ", keys must be Strings");
          }
          path.key(level + 1, key);
          size += 4L + Utf8.encodedLength(key, "key");
          value(entry.getValue(), level + 1);
        }
        path.leave(level);
      } else {
        throw new IllegalArgumentException(
            value.getClass().getName()
                + " is not allowed; use null, Boolean, Byte, Short, Integer, Long, Float, Double,"
                + " Character, String, byte[], List or Map with String keys");
      }
      if (size > maxSize) {
        throw new IllegalArgumentException(
            "encoded request data exceeds the limit of " + maxSize + " bytes");
      }
    }

    private void enterContainer(int level) {
      if (level + 1 > MAX_DEPTH) {
        throw new IllegalArgumentException(
            "nested deeper than " + MAX_DEPTH + " maps and lists (is there a cycle?)");
      }
    }
  }
}
