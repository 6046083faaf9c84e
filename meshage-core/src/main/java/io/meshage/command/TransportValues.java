package io.meshage.command;

import io.meshage.internal.codec.Utf8;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The value checks and copies behind {@link TransportData.Instance}: unsigned ranges, defensive
 * copies of arrays and lists, and the normalized form used by equals, hashCode and toString.
 */
final class TransportValues {
  private TransportValues() {}

  /** {@code value} when it lies in 0..max, else IllegalArgumentException naming the property. */
  static long checkRange(String name, Type type, long value, long max) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(
          "property '" + name + "' is " + type + ": " + value + " is outside 0.." + max);
    }
    return value;
  }

  /** A copy of a {@link Type#UINT16_ARRAY}, every element checked. */
  static int[] unsignedCopy(String name, Type type, int[] value) {
    int[] copy = Objects.requireNonNull(value, name).clone();
    for (int element : copy) {
      checkRange(name, type, element, 0xFFFF);
    }
    return copy;
  }

  /** A copy of a {@link Type#UINT32_ARRAY}, every element checked. */
  static long[] unsignedCopy(String name, Type type, long[] value) {
    long[] copy = Objects.requireNonNull(value, name).clone();
    for (long element : copy) {
      checkRange(name, type, element, 0xFFFF_FFFFL);
    }
    return copy;
  }

  /** An unmodifiable copy of strings that are neither null nor invalid Unicode. */
  static List<String> stringsCopy(String name, List<String> value) {
    List<String> copy = new ArrayList<>(Objects.requireNonNull(value, name));
    for (int i = 0; i < copy.size(); i++) {
      String what = "property '" + name + "'[" + i + "]";
      if (copy.get(i) == null) {
        throw new IllegalArgumentException(what + " is null");
      }
      Utf8.encodedLength(copy.get(i), what);
    }
    return Collections.unmodifiableList(copy);
  }

  /** An unmodifiable copy of non-null byte arrays, each copied. */
  static List<byte[]> bytesCopy(String name, List<byte[]> value) {
    List<byte[]> copy = new ArrayList<>(Objects.requireNonNull(value, name).size());
    for (byte[] element : value) {
      if (element == null) {
        throw new IllegalArgumentException("property '" + name + "'[" + copy.size() + "] is null");
      }
      copy.add(element.clone());
    }
    return Collections.unmodifiableList(copy);
  }

  /** A new, modifiable list of copies of {@code value}'s arrays. */
  static List<byte[]> bytesCopy(List<byte[]> value) {
    List<byte[]> copy = new ArrayList<>(value.size());
    for (byte[] element : value) {
      copy.add(element.clone());
    }
    return copy;
  }

  /** The values with lists of arrays turned into arrays, so deepEquals compares contents. */
  static Object[] normalized(Object[] values) {
    Object[] copy = values.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] instanceof List<?> list) {
        copy[i] = list.toArray();
      }
    }
    return copy;
  }

  /** The set properties and their values, for logs. */
  static String describe(TransportData schema, Object[] values) {
    Object[] shown = normalized(values);
    StringBuilder s = new StringBuilder("{");
    for (int i = 0; i < shown.length; i++) {
      if (shown[i] != null) {
        String value = Arrays.deepToString(new Object[] {shown[i]});
        s.append(s.length() > 1 ? ", " : "").append(schema.property(i).name()).append('=');
        s.append(value, 1, value.length() - 1);
      }
    }
    return s.append('}').toString();
  }
}
