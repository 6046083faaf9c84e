package io.meshage.internal.cluster;

import io.meshage.command.RequestData;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Node values as MSA metadata strings, with a one-letter type tag: {@code s} String, {@code i}
 * Integer, {@code l} Long, {@code b} Boolean, {@code d} Double, and {@code r} any other {@link
 * RequestData} value (base64 of its encoding), so each value keeps its Java type.
 */
final class MetadataValues {
  private MetadataValues() {}

  /** Encodes {@code value}; IllegalArgumentException when RequestData cannot carry it. */
  static String encode(Object value) {
    if (value instanceof String s) {
      return "s" + s;
    } else if (value instanceof Integer i) {
      return "i" + i;
    } else if (value instanceof Long l) {
      return "l" + l;
    } else if (value instanceof Boolean b) {
      return b ? "b1" : "b0";
    } else if (value instanceof Double d) {
      return "d" + d;
    }
    byte[] bytes = RequestData.encode(Map.of("v", value));
    return "r" + Base64.getEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Decodes a value; null when it is malformed. */
  static Object decode(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    String rest = s.substring(1);
    try {
      return switch (s.charAt(0)) {
        case 's' -> rest;
        case 'i' -> Integer.valueOf(rest);
        case 'l' -> Long.valueOf(rest);
        case 'b' -> rest.equals("1");
        case 'd' -> Double.valueOf(rest);
        case 'r' -> RequestData.decode(Base64.getDecoder().decode(rest)).get("v");
        default -> null;
      };
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The values among {@code metadata} entries whose keys start with {@code prefix}, by name; sorted. */
  static Map<String, Object> valuesOf(Map<String, String> metadata, String prefix) {
    Map<String, Object> out = new TreeMap<>();
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        Object v = decode(e.getValue());
        if (v != null) {
          out.put(e.getKey().substring(prefix.length()), v);
        }
      }
    }
    return Collections.unmodifiableMap(out);
  }
}
