package io.meshage.command;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Typed getters for the {@code Map<String, Object>} data of commands, in the manner of Diarkis'
 * {@code mesh.GetInt(data, "k")}, but failing with an {@link IllegalArgumentException} that says
 * what is wrong ({@code key 'k' is a String, expected int}) instead of a ClassCastException.
 *
 * <p>The one-argument getters throw when the key is missing or its value is null; the variants
 * taking a default return it in those cases (a value of the wrong type still throws).
 *
 * <p>Conversions: integral getters ({@code getByte}, {@code getShort}, {@code getInt}, {@code
 * getLong}) accept any {@link Byte}, {@link Short}, {@link Integer} or {@link Long} whose value
 * fits in the result, so {@code 5L} reads as int 5 and {@code 300} as a byte fails; they do not
 * accept floating-point values. {@code getFloat} and {@code getDouble} accept any of those integral
 * types or {@link Float}/{@link Double} whose value the result represents exactly (NaN and
 * infinities included). {@code getString} accepts a {@link String} or a {@link Character}.
 * Everything else must be of the exact type.
 */
public final class Payloads {
  private Payloads() {}

  /** Whether {@code key} is present with a non-null value. */
  public static boolean has(Map<String, ?> data, String key) {
    return data.get(key) != null;
  }

  public static boolean getBool(Map<String, ?> data, String key) {
    return asBool(key, required(data, key, "boolean"));
  }

  public static boolean getBool(Map<String, ?> data, String key, boolean defaultValue) {
    Object v = data.get(key);
    return v == null ? defaultValue : asBool(key, v);
  }

  public static byte getByte(Map<String, ?> data, String key) {
    return (byte)
        asIntegral(key, required(data, key, "byte"), Byte.MIN_VALUE, Byte.MAX_VALUE, "byte");
  }

  public static byte getByte(Map<String, ?> data, String key, byte defaultValue) {
    Object v = data.get(key);
    return v == null
        ? defaultValue
        : (byte) asIntegral(key, v, Byte.MIN_VALUE, Byte.MAX_VALUE, "byte");
  }

  public static short getShort(Map<String, ?> data, String key) {
    return (short)
        asIntegral(key, required(data, key, "short"), Short.MIN_VALUE, Short.MAX_VALUE, "short");
  }

  public static short getShort(Map<String, ?> data, String key, short defaultValue) {
    Object v = data.get(key);
    return v == null
        ? defaultValue
        : (short) asIntegral(key, v, Short.MIN_VALUE, Short.MAX_VALUE, "short");
  }

  public static int getInt(Map<String, ?> data, String key) {
    return (int)
        asIntegral(key, required(data, key, "int"), Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
  }

  public static int getInt(Map<String, ?> data, String key, int defaultValue) {
    Object v = data.get(key);
    return v == null
        ? defaultValue
        : (int) asIntegral(key, v, Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
  }

  public static long getLong(Map<String, ?> data, String key) {
    return asIntegral(key, required(data, key, "long"), Long.MIN_VALUE, Long.MAX_VALUE, "long");
  }

  public static long getLong(Map<String, ?> data, String key, long defaultValue) {
    Object v = data.get(key);
    return v == null ? defaultValue : asIntegral(key, v, Long.MIN_VALUE, Long.MAX_VALUE, "long");
  }

  /** An unsigned 8-bit value (Diarkis' {@code GetUint8}): any integral value in 0..255. */
  public static int getUint8(Map<String, ?> data, String key) {
    return (int) asIntegral(key, required(data, key, "uint8"), 0, 0xFF, "uint8");
  }

  /** An unsigned 16-bit value (Diarkis' {@code GetUint16}): any integral value in 0..65535. */
  public static int getUint16(Map<String, ?> data, String key) {
    return (int) asIntegral(key, required(data, key, "uint16"), 0, 0xFFFF, "uint16");
  }

  /** An unsigned 32-bit value (Diarkis' {@code GetUint32}): any integral value in 0..4294967295. */
  public static long getUint32(Map<String, ?> data, String key) {
    return asIntegral(key, required(data, key, "uint32"), 0, 0xFFFF_FFFFL, "uint32");
  }

  /**
   * An unsigned 64-bit value (Diarkis' {@code GetUint64}), returned as a {@code long} holding its
   * 64 bits: values above {@link Long#MAX_VALUE} come back negative, to be read with {@link
   * Long#toUnsignedString(long)}, {@link Long#compareUnsigned} and {@link Long#divideUnsigned}. A
   * {@link Long} is taken as those 64 bits (write one with {@link Long#parseUnsignedLong}); a
   * {@link Byte}, {@link Short} or {@link Integer} must not be negative.
   */
  public static long getUint64(Map<String, ?> data, String key) {
    Object v = required(data, key, "uint64");
    if (v instanceof Long l) {
      return l;
    }
    return asIntegral(key, v, 0, Long.MAX_VALUE, "uint64");
  }

  public static float getFloat(Map<String, ?> data, String key) {
    return asFloat(key, required(data, key, "float"));
  }

  public static float getFloat(Map<String, ?> data, String key, float defaultValue) {
    Object v = data.get(key);
    return v == null ? defaultValue : asFloat(key, v);
  }

  public static double getDouble(Map<String, ?> data, String key) {
    return asDouble(key, required(data, key, "double"));
  }

  public static double getDouble(Map<String, ?> data, String key, double defaultValue) {
    Object v = data.get(key);
    return v == null ? defaultValue : asDouble(key, v);
  }

  public static String getString(Map<String, ?> data, String key) {
    return asString(key, required(data, key, "String"));
  }

  public static String getString(Map<String, ?> data, String key, String defaultValue) {
    Object v = data.get(key);
    return v == null ? defaultValue : asString(key, v);
  }

  /** The byte array itself, not a copy. */
  public static byte[] getBytes(Map<String, ?> data, String key) {
    return asBytes(key, required(data, key, "byte[]"));
  }

  /** The byte array itself, not a copy, or {@code defaultValue}. */
  public static byte[] getBytes(Map<String, ?> data, String key, byte[] defaultValue) {
    Object v = data.get(key);
    return v == null ? defaultValue : asBytes(key, v);
  }

  /** An unmodifiable view of the list. */
  public static List<Object> getList(Map<String, ?> data, String key) {
    return asList(key, required(data, key, "List"));
  }

  /** An unmodifiable view of the list, or {@code defaultValue}. */
  public static List<Object> getList(Map<String, ?> data, String key, List<Object> defaultValue) {
    Object v = data.get(key);
    return v == null ? defaultValue : asList(key, v);
  }

  /**
   * An unmodifiable view of the list after checking that every element is a non-null {@code
   * elementType}, for example {@code getList(data, "names", String.class)}.
   */
  public static <T> List<T> getList(Map<String, ?> data, String key, Class<T> elementType) {
    Objects.requireNonNull(elementType, "elementType");
    List<?> list = asList(key, required(data, key, "List<" + elementType.getSimpleName() + ">"));
    for (int i = 0; i < list.size(); i++) {
      Object element = list.get(i);
      if (!elementType.isInstance(element)) {
        throw new IllegalArgumentException(
            "key '"
                + key
                + "'["
                + i
                + "] is "
                + describe(element)
                + ", expected "
                + elementType.getSimpleName());
      }
    }
    return Collections.unmodifiableList(checkedCast(list));
  }

  /** An unmodifiable view of the nested map, after checking that its keys are Strings. */
  public static Map<String, Object> getMap(Map<String, ?> data, String key) {
    return asMap(key, required(data, key, "Map"));
  }

  /** An unmodifiable view of the nested map, or {@code defaultValue}. */
  public static Map<String, Object> getMap(
      Map<String, ?> data, String key, Map<String, Object> defaultValue) {
    Object v = data.get(key);
    return v == null ? defaultValue : asMap(key, v);
  }

  // ---- conversions

  private static Object required(Map<String, ?> data, String key, String expected) {
    Objects.requireNonNull(data, "data");
    Object v = data.get(key);
    if (v == null) {
      throw new IllegalArgumentException(
          "key '"
              + key
              + "' is "
              + (data.containsKey(key) ? "null" : "missing")
              + ", expected "
              + expected);
    }
    return v;
  }

  private static boolean asBool(String key, Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    throw wrongType(key, v, "boolean");
  }

  private static long asIntegral(String key, Object v, long min, long max, String expected) {
    if (!(v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long)) {
      throw wrongType(key, v, expected);
    }
    long value = ((Number) v).longValue();
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "key '" + key + "' is " + describe(v) + ", out of range for " + expected);
    }
    return value;
  }

  private static double asDouble(String key, Object v) {
    if (v instanceof Double d) {
      return d;
    }
    if (v instanceof Float f) {
      return f;
    }
    if (v instanceof Byte || v instanceof Short || v instanceof Integer) {
      return ((Number) v).intValue();
    }
    if (v instanceof Long l && (long) (double) l == l && l != Long.MAX_VALUE) {
      return (double) l;
    }
    if (v instanceof Long) {
      throw new IllegalArgumentException(
          "key '" + key + "' is " + describe(v) + ", not exactly representable as double");
    }
    throw wrongType(key, v, "double");
  }

  private static float asFloat(String key, Object v) {
    if (v instanceof Float f) {
      return f;
    }
    if (v instanceof Byte || v instanceof Short) {
      return ((Number) v).floatValue();
    }
    boolean exact =
        v instanceof Double d && (Double.isNaN(d) || (double) (float) (double) d == d)
            || v instanceof Integer i && (int) (float) i == i && i != Integer.MAX_VALUE
            || v instanceof Long l && (long) (float) l == l && l != Long.MAX_VALUE;
    if (exact) {
      return ((Number) v).floatValue();
    }
    if (v instanceof Double || v instanceof Integer || v instanceof Long) {
      throw new IllegalArgumentException(
          "key '" + key + "' is " + describe(v) + ", not exactly representable as float");
    }
    throw wrongType(key, v, "float");
  }

  private static String asString(String key, Object v) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Character c) {
      return c.toString();
    }
    throw wrongType(key, v, "String");
  }

  private static byte[] asBytes(String key, Object v) {
    if (v instanceof byte[] b) {
      return b;
    }
    throw wrongType(key, v, "byte[]");
  }

  private static List<Object> asList(String key, Object v) {
    if (v instanceof List<?> list) {
      return Collections.unmodifiableList(list);
    }
    throw wrongType(key, v, "List");
  }

  private static Map<String, Object> asMap(String key, Object v) {
    if (!(v instanceof Map<?, ?> map)) {
      throw wrongType(key, v, "Map");
    }
    for (Object k : map.keySet()) {
      if (!(k instanceof String)) {
        throw new IllegalArgumentException(
            "key '" + key + "' is a Map with key " + describe(k) + ", expected String keys");
      }
    }
    return Collections.unmodifiableMap(checkedCast(map));
  }

  /** Only called after every element or key was checked. */
  @SuppressWarnings("unchecked")
  private static <T> T checkedCast(Object checked) {
    return (T) checked;
  }

  private static IllegalArgumentException wrongType(String key, Object v, String expected) {
    return new IllegalArgumentException(
        "key '" + key + "' is " + describe(v) + ", expected " + expected);
  }

  private static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    String type =
        v instanceof byte[]
            ? "byte[]"
            : v instanceof List<?>
                ? "List"
                : v instanceof Map<?, ?> ? "Map" : v.getClass().getSimpleName();
    String article = "AEIOUaeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ";
    if (v instanceof Number || v instanceof Boolean || v instanceof Character) {
      return article + type + " (" + v + ")";
    }
    return article + type;
  }
}
