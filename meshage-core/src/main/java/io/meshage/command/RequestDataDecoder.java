package io.meshage.command;

import io.meshage.internal.codec.WireReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Decodes one {@link RequestData} encoding from untrusted bytes. */
final class RequestDataDecoder {
  /** Preallocate no more than this many slots; a larger collection grows as elements arrive. */
  private static final int MAX_INITIAL_CAPACITY = 1024;

  private final WireReader in;
  private final KeyPath path = new KeyPath(RequestData.MAX_DEPTH + 1);

  RequestDataDecoder(byte[] bytes) {
    this.in = new WireReader(bytes);
  }

  Map<String, Object> decode() {
    try {
      int version = in.readByte("version");
      if (version != RequestData.VERSION) {
        throw new MalformedDataException(
            "unknown version " + version + ", expected " + RequestData.VERSION);
      }
      int tag = in.readByte("root tag");
      if (tag != RequestData.MAP) {
        throw new MalformedDataException("the root must be a map, found tag " + tag);
      }
      Map<String, Object> root = map(0);
      path.leave(0);
      in.expectEnd("request data");
      return root;
    } catch (MalformedDataException e) {
      throw new MalformedDataException(
          "request data at " + path.render() + ": " + e.getMessage(), e);
    }
  }

  private Object value(int level) {
    int offset = in.offset();
    byte tag = in.readByte("tag");
    return switch (tag) {
      case RequestData.NULL -> null;
      case RequestData.FALSE -> Boolean.FALSE;
      case RequestData.TRUE -> Boolean.TRUE;
      case RequestData.BYTE -> in.readByte("byte");
      case RequestData.SHORT -> in.readShort("short");
      case RequestData.INT -> in.readInt("int");
      case RequestData.LONG -> in.readLong("long");
      case RequestData.FLOAT -> Float.intBitsToFloat(in.readInt("float"));
      case RequestData.DOUBLE -> Double.longBitsToDouble(in.readLong("double"));
      case RequestData.CHAR -> in.readChar("char");
      case RequestData.STRING -> in.readString("String");
      case RequestData.BYTES -> in.readBytes("byte[]");
      case RequestData.LIST -> list(level);
      case RequestData.MAP -> map(level);
      default -> throw new MalformedDataException("unknown tag " + tag + " at offset " + offset);
    };
  }

  private Object list(int level) {
    checkDepth(level);
    int count = in.readCount(1, "list");
    ArrayList<Object> list = new ArrayList<>(Math.min(count, MAX_INITIAL_CAPACITY));
    for (int i = 0; i < count; i++) {
      path.index(level + 1, i);
      list.add(value(level + 1));
    }
    path.leave(level);
    return Collections.unmodifiableList(list);
  }

  private Map<String, Object> map(int level) {
    checkDepth(level);
    int count = in.readCount(5, "map");
    LinkedHashMap<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      path.leave(level);
      int offset = in.offset();
      String key = in.readString("key");
      path.key(level + 1, key);
      if (map.containsKey(key)) {
        throw new MalformedDataException("duplicate key at offset " + offset);
      }
      map.put(key, value(level + 1));
    }
    path.leave(level);
    return Collections.unmodifiableMap(map);
  }

  private void checkDepth(int level) {
    if (level + 1 > RequestData.MAX_DEPTH) {
      throw new MalformedDataException(
          "nested deeper than " + RequestData.MAX_DEPTH + " maps and lists");
    }
  }
}
