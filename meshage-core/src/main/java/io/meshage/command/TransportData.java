package io.meshage.command;

import io.meshage.internal.codec.Utf8;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A typed schema for small binary messages, in the manner of Diarkis' {@code TransportData}: define
 * the properties once, fill an {@link Instance}, {@link Instance#pack() pack} it to bytes and
 * {@link #unpack(byte[]) unpack} those bytes with the same schema on the other node.
 *
 * <pre>{@code
 * TransportData user = TransportData.define(
 *     Property.of("name", Type.STRING),
 *     Property.of("counter", Type.INT),
 *     Property.of("list", Type.UINT32_ARRAY));
 * byte[] bytes = user.newInstance()
 *     .setString("name", "John")
 *     .setUint32Array("list", new long[] {10, 20})
 *     .pack();
 * TransportData.Instance got = user.unpack(bytes);
 * got.getInt("counter"); // 0: an unset property reads as its default
 * }</pre>
 *
 * <p>Wire format (version 1, big-endian): a version byte, the property count as two bytes, then for
 * each property in schema order a tag byte (0 when unset, else the code of its {@link Type})
 * followed by the value. Strings and byte arrays are a 4-byte length then the bytes (strings in
 * UTF-8); arrays are a 4-byte element count then the elements. Unpacking checks every length
 * against the remaining input before allocating, checks each tag against the schema, and rejects
 * trailing bytes; all such failures throw {@link MalformedDataException}.
 *
 * <p>A schema is immutable and thread-safe; instances are not thread-safe.
 */
public final class TransportData {
  /** The default limit on a packed instance, 16 MiB, enforced by pack and unpack. */
  public static final int DEFAULT_MAX_PACKED_SIZE = 16 * 1024 * 1024;

  /** The most properties a schema may have (the count travels in two bytes). */
  public static final int MAX_PROPERTIES = 0xFFFF;

  private final List<Property> properties;
  private final Map<String, Integer> indexByName;
  private final int maxPackedSize;

  private TransportData(List<Property> properties, Map<String, Integer> index, int maxPackedSize) {
    this.properties = properties;
    this.indexByName = index;
    this.maxPackedSize = maxPackedSize;
  }

  /**
   * Defines a schema with these properties, in this order.
   *
   * @throws IllegalArgumentException on a duplicate name or more than {@link #MAX_PROPERTIES}
   */
  public static TransportData define(Property... properties) {
    return define(Arrays.asList(properties));
  }

  /** Defines a schema with these properties, in this order; see {@link #define(Property...)}. */
  public static TransportData define(List<Property> properties) {
    List<Property> copy = List.copyOf(properties);
    if (copy.size() > MAX_PROPERTIES) {
      throw new IllegalArgumentException(
          "a schema has at most " + MAX_PROPERTIES + " properties, got " + copy.size());
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < copy.size(); i++) {
      if (index.putIfAbsent(copy.get(i).name(), i) != null) {
        throw new IllegalArgumentException(
            "property '" + copy.get(i).name() + "' is defined twice");
      }
    }
    return new TransportData(copy, Collections.unmodifiableMap(index), DEFAULT_MAX_PACKED_SIZE);
  }

  /**
   * The same schema with another limit on the packed size.
   *
   * @param bytes at least 1
   */
  public TransportData withMaxPackedSize(int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("maxPackedSize must be at least 1, got " + bytes);
    }
    return new TransportData(properties, indexByName, bytes);
  }

  /** The properties, in wire order. */
  public List<Property> properties() {
    return properties;
  }

  /** The limit on a packed instance, in bytes. */
  public int maxPackedSize() {
    return maxPackedSize;
  }

  /** A new instance with every property unset. */
  public Instance newInstance() {
    return new Instance(this, new Object[properties.size()]);
  }

  /**
   * Decodes bytes made by {@link Instance#pack()} of an instance of this schema (or of a schema
   * with the same properties in the same order).
   *
   * @throws MalformedDataException if the bytes are truncated, too long, have trailing bytes, an
   *     unknown version, a different property count or a property of another type
   */
  public Instance unpack(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new Instance(this, TransportDataCodec.unpack(this, bytes));
  }

  Property property(int index) {
    return properties.get(index);
  }

  int indexOf(String name, Type expected) {
    Integer index = indexByName.get(Objects.requireNonNull(name, "name"));
    if (index == null) {
      String names = properties.stream().map(Property::name).collect(Collectors.joining(", ", "[", "]"));
      throw new IllegalArgumentException("no property '" + name + "' in this schema; it has " + names);
    }
    Type actual = properties.get(index).type();
    if (expected != null && actual != expected) {
      throw new IllegalArgumentException(
          "property '" + name + "' is " + actual + " (" + actual.javaType() + "), not " + expected
              + " (" + expected.javaType() + ")");
    }
    return index;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TransportData other
        && properties.equals(other.properties)
        && maxPackedSize == other.maxPackedSize;
  }

  @Override
  public int hashCode() {
    return properties.hashCode() * 31 + maxPackedSize;
  }

  @Override
  public String toString() {
    return "TransportData" + properties;
  }

  /**
   * One message of a {@link TransportData} schema. Setters check the property's name, type and
   * range and throw {@link IllegalArgumentException} naming the property; they copy arrays and
   * lists, and getters return copies, so an instance never shares mutable state with its caller. An
   * unset property reads as the default of its {@link Type}: {@code false}, zero, {@code ""}, or an
   * empty array or list. Not thread-safe.
   */
  public static final class Instance {
    private final TransportData schema;
    private final Object[] values;

    Instance(TransportData schema, Object[] values) {
      this.schema = schema;
      this.values = values;
    }

    /** The schema of this instance. */
    public TransportData schema() {
      return schema;
    }

    /** Whether the property was set (or was set when the instance was packed). */
    public boolean isSet(String name) {
      return values[schema.indexOf(name, null)] != null;
    }

    /** Unsets the property, so it reads as its default again. */
    public Instance unset(String name) {
      values[schema.indexOf(name, null)] = null;
      return this;
    }

    /**
     * Encodes this instance.
     *
     * @throws IllegalArgumentException if the result would exceed the schema's {@link
     *     TransportData#maxPackedSize()}
     */
    public byte[] pack() {
      return TransportDataCodec.pack(schema, values);
    }

    // ---- scalars

    public Instance setBool(String name, boolean value) {
      return put(name, Type.BOOL, value);
    }

    public boolean getBool(String name) {
      Object v = get(name, Type.BOOL);
      return v != null && (Boolean) v;
    }

    public Instance setInt8(String name, byte value) {
      return put(name, Type.INT8, value);
    }

    public byte getInt8(String name) {
      Object v = get(name, Type.INT8);
      return v == null ? 0 : (Byte) v;
    }

    /** Sets a {@link Type#UINT8}; {@code value} must be in 0..255. */
    public Instance setUint8(String name, int value) {
      return put(name, Type.UINT8, checkRange(name, Type.UINT8, value, 0xFF));
    }

    public int getUint8(String name) {
      Object v = get(name, Type.UINT8);
      return v == null ? 0 : (Integer) v;
    }

    public Instance setInt16(String name, short value) {
      return put(name, Type.INT16, value);
    }

    public short getInt16(String name) {
      Object v = get(name, Type.INT16);
      return v == null ? 0 : (Short) v;
    }

    /** Sets a {@link Type#UINT16}; {@code value} must be in 0..65535. */
    public Instance setUint16(String name, int value) {
      return put(name, Type.UINT16, checkRange(name, Type.UINT16, value, 0xFFFF));
    }

    public int getUint16(String name) {
      Object v = get(name, Type.UINT16);
      return v == null ? 0 : (Integer) v;
    }

    /** Sets an {@link Type#INT32} (alias {@link Type#INT}). */
    public Instance setInt(String name, int value) {
      return put(name, Type.INT32, value);
    }

    public int getInt(String name) {
      Object v = get(name, Type.INT32);
      return v == null ? 0 : (Integer) v;
    }

    /** Sets a {@link Type#UINT32}; {@code value} must be in 0..4294967295. */
    public Instance setUint32(String name, long value) {
      return put(name, Type.UINT32, checkRange(name, Type.UINT32, value, 0xFFFF_FFFFL));
    }

    public long getUint32(String name) {
      Object v = get(name, Type.UINT32);
      return v == null ? 0 : (Long) v;
    }

    /** Sets an {@link Type#INT64} (alias {@link Type#LONG}). */
    public Instance setLong(String name, long value) {
      return put(name, Type.INT64, value);
    }

    public long getLong(String name) {
      Object v = get(name, Type.INT64);
      return v == null ? 0 : (Long) v;
    }

    /** Sets a {@link Type#UINT64}: the 64 bits of {@code value}, read as unsigned. */
    public Instance setUint64(String name, long value) {
      return put(name, Type.UINT64, value);
    }

    public long getUint64(String name) {
      Object v = get(name, Type.UINT64);
      return v == null ? 0 : (Long) v;
    }

    public Instance setFloat(String name, float value) {
      return put(name, Type.FLOAT32, value);
    }

    public float getFloat(String name) {
      Object v = get(name, Type.FLOAT32);
      return v == null ? 0f : (Float) v;
    }

    public Instance setDouble(String name, double value) {
      return put(name, Type.FLOAT64, value);
    }

    public double getDouble(String name) {
      Object v = get(name, Type.FLOAT64);
      return v == null ? 0d : (Double) v;
    }

    /** Sets a {@link Type#STRING}; it must be valid Unicode (no unpaired surrogates). */
    public Instance setString(String name, String value) {
      int index = schema.indexOf(name, Type.STRING);
      Objects.requireNonNull(value, name);
      Utf8.encodedLength(value, "property '" + name + "'");
      values[index] = value;
      return this;
    }

    public String getString(String name) {
      Object v = get(name, Type.STRING);
      return v == null ? "" : (String) v;
    }

    public Instance setBytes(String name, byte[] value) {
      return put(name, Type.BYTES, Objects.requireNonNull(value, name).clone());
    }

    public byte[] getBytes(String name) {
      Object v = get(name, Type.BYTES);
      return v == null ? new byte[0] : ((byte[]) v).clone();
    }

    // ---- arrays

    public Instance setBoolArray(String name, boolean[] value) {
      return put(name, Type.BOOL_ARRAY, Objects.requireNonNull(value, name).clone());
    }

    public boolean[] getBoolArray(String name) {
      Object v = get(name, Type.BOOL_ARRAY);
      return v == null ? new boolean[0] : ((boolean[]) v).clone();
    }

    public Instance setInt16Array(String name, short[] value) {
      return put(name, Type.INT16_ARRAY, Objects.requireNonNull(value, name).clone());
    }

    public short[] getInt16Array(String name) {
      Object v = get(name, Type.INT16_ARRAY);
      return v == null ? new short[0] : ((short[]) v).clone();
    }

    /** Sets a {@link Type#UINT16_ARRAY}; every element must be in 0..65535. */
    public Instance setUint16Array(String name, int[] value) {
      schema.indexOf(name, Type.UINT16_ARRAY);
      return put(name, Type.UINT16_ARRAY, TransportValues.unsignedCopy(name, Type.UINT16_ARRAY, value));
    }

    public int[] getUint16Array(String name) {
      Object v = get(name, Type.UINT16_ARRAY);
      return v == null ? new int[0] : ((int[]) v).clone();
    }

    /** Sets an {@link Type#INT32_ARRAY}. */
    public Instance setIntArray(String name, int[] value) {
      return put(name, Type.INT32_ARRAY, Objects.requireNonNull(value, name).clone());
    }

    public int[] getIntArray(String name) {
      Object v = get(name, Type.INT32_ARRAY);
      return v == null ? new int[0] : ((int[]) v).clone();
    }

    /** Sets a {@link Type#UINT32_ARRAY}; every element must be in 0..4294967295. */
    public Instance setUint32Array(String name, long[] value) {
      schema.indexOf(name, Type.UINT32_ARRAY);
      return put(name, Type.UINT32_ARRAY, TransportValues.unsignedCopy(name, Type.UINT32_ARRAY, value));
    }

    public long[] getUint32Array(String name) {
      Object v = get(name, Type.UINT32_ARRAY);
      return v == null ? new long[0] : ((long[]) v).clone();
    }

    /** Sets an {@link Type#INT64_ARRAY}. */
    public Instance setLongArray(String name, long[] value) {
      return put(name, Type.INT64_ARRAY, Objects.requireNonNull(value, name).clone());
    }

    public long[] getLongArray(String name) {
      Object v = get(name, Type.INT64_ARRAY);
      return v == null ? new long[0] : ((long[]) v).clone();
    }

    /** Sets a {@link Type#UINT64_ARRAY}: each {@code long}'s bits, read as unsigned. */
    public Instance setUint64Array(String name, long[] value) {
      return put(name, Type.UINT64_ARRAY, Objects.requireNonNull(value, name).clone());
    }

    public long[] getUint64Array(String name) {
      Object v = get(name, Type.UINT64_ARRAY);
      return v == null ? new long[0] : ((long[]) v).clone();
    }

    public Instance setFloatArray(String name, float[] value) {
      return put(name, Type.FLOAT32_ARRAY, Objects.requireNonNull(value, name).clone());
    }

    public float[] getFloatArray(String name) {
      Object v = get(name, Type.FLOAT32_ARRAY);
      return v == null ? new float[0] : ((float[]) v).clone();
    }

    public Instance setDoubleArray(String name, double[] value) {
      return put(name, Type.FLOAT64_ARRAY, Objects.requireNonNull(value, name).clone());
    }

    public double[] getDoubleArray(String name) {
      Object v = get(name, Type.FLOAT64_ARRAY);
      return v == null ? new double[0] : ((double[]) v).clone();
    }

    /** Sets a {@link Type#STRING_ARRAY}; no element may be null or hold unpaired surrogates. */
    public Instance setStringArray(String name, List<String> value) {
      int index = schema.indexOf(name, Type.STRING_ARRAY);
      values[index] = TransportValues.stringsCopy(name, value);
      return this;
    }

    /** The strings; an unmodifiable list. */
    @SuppressWarnings("unchecked")
    public List<String> getStringArray(String name) {
      Object v = get(name, Type.STRING_ARRAY);
      return v == null ? List.of() : (List<String>) v;
    }

    /** Sets a {@link Type#BYTES_ARRAY}; no element may be null. The arrays are copied. */
    public Instance setBytesArray(String name, List<byte[]> value) {
      int index = schema.indexOf(name, Type.BYTES_ARRAY);
      values[index] = TransportValues.bytesCopy(name, value);
      return this;
    }

    /** Copies of the byte arrays, in a new list. */
    @SuppressWarnings("unchecked")
    public List<byte[]> getBytesArray(String name) {
      Object v = get(name, Type.BYTES_ARRAY);
      return TransportValues.bytesCopy(v == null ? List.of() : (List<byte[]>) v);
    }

    // ---- helpers

    private Instance put(String name, Type type, Object value) {
      values[schema.indexOf(name, type)] = value;
      return this;
    }

    private Object get(String name, Type type) {
      return values[schema.indexOf(name, type)];
    }

    private long checkRange(String name, Type type, long value, long max) {
      schema.indexOf(name, type);
      return TransportValues.checkRange(name, type, value, max);
    }

    private int checkRange(String name, Type type, int value, int max) {
      return (int) checkRange(name, type, (long) value, max);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Instance other
          && schema.properties.equals(other.schema.properties)
          && Arrays.deepEquals(normalized(), other.normalized());
    }

    @Override
    public int hashCode() {
      return Arrays.deepHashCode(normalized());
    }

    private Object[] normalized() {
      return TransportValues.normalized(values);
    }

    /** The set properties and their values, for logs. */
    @Override
    public String toString() {
      return TransportValues.describe(schema, values);
    }
  }
}
