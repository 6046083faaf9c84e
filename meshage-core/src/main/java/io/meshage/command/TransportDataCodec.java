package io.meshage.command;

import io.meshage.internal.codec.Utf8;
import io.meshage.internal.codec.WireReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Packs and unpacks the values of a {@link TransportData} instance; see its wire format. */
final class TransportDataCodec {
  static final byte VERSION = 1;

  private TransportDataCodec() {}

  static byte[] pack(TransportData schema, Object[] values) {
    long size = 3;
    for (int i = 0; i < values.length; i++) {
      size += 1;
      if (values[i] != null) {
        size += sizeOf(schema.property(i).type(), values[i]);
      }
      if (size > schema.maxPackedSize()) {
        throw new IllegalArgumentException(
            "packed size exceeds the limit of "
                + schema.maxPackedSize()
                + " bytes at property '"
                + schema.property(i).name()
                + "'");
      }
    }
    ByteBuffer out = ByteBuffer.allocate((int) size);
    out.put(VERSION).putShort((short) values.length);
    for (int i = 0; i < values.length; i++) {
      Type type = schema.property(i).type();
      if (values[i] == null) {
        out.put((byte) 0);
      } else {
        out.put((byte) type.code());
        write(type, values[i], out);
      }
    }
    return out.array();
  }

  static Object[] unpack(TransportData schema, byte[] bytes) {
    if (bytes.length > schema.maxPackedSize()) {
      throw new MalformedDataException(
          "packed TransportData of "
              + bytes.length
              + " bytes exceeds the limit of "
              + schema.maxPackedSize());
    }
    WireReader in = new WireReader(bytes);
    int version = in.readByte("TransportData version");
    if (version != VERSION) {
      throw new MalformedDataException(
          "unknown TransportData version " + version + ", expected " + VERSION);
    }
    int count = Short.toUnsignedInt(in.readShort("TransportData property count"));
    List<Property> properties = schema.properties();
    if (count != properties.size()) {
      throw new MalformedDataException(
          "packed with " + count + " properties but the schema has " + properties.size());
    }
    Object[] values = new Object[count];
    for (int i = 0; i < count; i++) {
      Property property = properties.get(i);
      String what = "property '" + property.name() + "'";
      int tag = in.readByte(what);
      if (tag != 0) {
        if (tag != property.type().code()) {
          Type sent = Type.ofCode(tag);
          throw new MalformedDataException(
              what
                  + " is "
                  + property.type()
                  + " in the schema but was packed as "
                  + (sent == null ? "unknown type code " + tag : sent.toString()));
        }
        values[i] = read(property.type(), in, what);
      }
    }
    in.expectEnd("TransportData");
    return values;
  }

  private static long sizeOf(Type type, Object value) {
    return switch (type) {
      case BOOL, INT8, UINT8 -> 1;
      case INT16, UINT16 -> 2;
      case INT32, UINT32, FLOAT32 -> 4;
      case INT64, UINT64, FLOAT64 -> 8;
      case STRING -> 4L + Utf8.encodedLength((String) value, type.name());
      case BYTES -> 4L + ((byte[]) value).length;
      case BOOL_ARRAY -> 4L + ((boolean[]) value).length;
      case INT16_ARRAY -> 4L + 2L * ((short[]) value).length;
      case UINT16_ARRAY -> 4L + 2L * ((int[]) value).length;
      case INT32_ARRAY -> 4L + 4L * ((int[]) value).length;
      case UINT32_ARRAY -> 4L + 4L * ((long[]) value).length;
      case INT64_ARRAY, UINT64_ARRAY -> 4L + 8L * ((long[]) value).length;
      case FLOAT32_ARRAY -> 4L + 4L * ((float[]) value).length;
      case FLOAT64_ARRAY -> 4L + 8L * ((double[]) value).length;
      case STRING_ARRAY -> {
        long size = 4;
        for (Object s : (List<?>) value) {
          size += 4L + Utf8.encodedLength((String) s, type.name());
        }
        yield size;
      }
      case BYTES_ARRAY -> {
        long size = 4;
        for (Object b : (List<?>) value) {
          size += 4L + ((byte[]) b).length;
        }
        yield size;
      }
    };
  }

  private static void write(Type type, Object value, ByteBuffer out) {
    switch (type) {
      case BOOL -> out.put((byte) ((Boolean) value ? 1 : 0));
      case INT8 -> out.put((Byte) value);
      case UINT8 -> out.put((byte) (int) (Integer) value);
      case INT16 -> out.putShort((Short) value);
      case UINT16 -> out.putShort((short) (int) (Integer) value);
      case INT32 -> out.putInt((Integer) value);
      case UINT32 -> out.putInt((int) (long) (Long) value);
      case INT64, UINT64 -> out.putLong((Long) value);
      case FLOAT32 -> out.putFloat((Float) value);
      case FLOAT64 -> out.putDouble((Double) value);
      case STRING -> writeString((String) value, out);
      case BYTES -> out.putInt(((byte[]) value).length).put((byte[]) value);
      case BOOL_ARRAY -> {
        boolean[] a = (boolean[]) value;
        out.putInt(a.length);
        for (boolean b : a) {
          out.put((byte) (b ? 1 : 0));
        }
      }
      case INT16_ARRAY -> {
        short[] a = (short[]) value;
        out.putInt(a.length);
        for (short s : a) {
          out.putShort(s);
        }
      }
      case UINT16_ARRAY -> {
        int[] a = (int[]) value;
        out.putInt(a.length);
        for (int s : a) {
          out.putShort((short) s);
        }
      }
      case INT32_ARRAY -> {
        int[] a = (int[]) value;
        out.putInt(a.length);
        for (int v : a) {
          out.putInt(v);
        }
      }
      case UINT32_ARRAY -> {
        long[] a = (long[]) value;
        out.putInt(a.length);
        for (long v : a) {
          out.putInt((int) v);
        }
      }
      case INT64_ARRAY, UINT64_ARRAY -> {
        long[] a = (long[]) value;
        out.putInt(a.length);
        for (long v : a) {
          out.putLong(v);
        }
      }
      case FLOAT32_ARRAY -> {
        float[] a = (float[]) value;
        out.putInt(a.length);
        for (float v : a) {
          out.putFloat(v);
        }
      }
      case FLOAT64_ARRAY -> {
        double[] a = (double[]) value;
        out.putInt(a.length);
        for (double v : a) {
          out.putDouble(v);
        }
      }
      case STRING_ARRAY -> {
        List<?> a = (List<?>) value;
        out.putInt(a.size());
        for (Object s : a) {
          writeString((String) s, out);
        }
      }
      case BYTES_ARRAY -> {
        List<?> a = (List<?>) value;
        out.putInt(a.size());
        for (Object b : a) {
          out.putInt(((byte[]) b).length).put((byte[]) b);
        }
      }
    }
  }

  private static void writeString(String s, ByteBuffer out) {
    out.putInt(Utf8.encodedLength(s, "string"));
    Utf8.write(s, out);
  }

  private static Object read(Type type, WireReader in, String what) {
    return switch (type) {
      case BOOL -> readBool(in, what);
      case INT8 -> in.readByte(what);
      case UINT8 -> Byte.toUnsignedInt(in.readByte(what));
      case INT16 -> in.readShort(what);
      case UINT16 -> Short.toUnsignedInt(in.readShort(what));
      case INT32 -> in.readInt(what);
      case UINT32 -> Integer.toUnsignedLong(in.readInt(what));
      case INT64, UINT64 -> in.readLong(what);
      case FLOAT32 -> in.readFloat(what);
      case FLOAT64 -> in.readDouble(what);
      case STRING -> in.readString(what);
      case BYTES -> in.readBytes(what);
      case BOOL_ARRAY -> {
        boolean[] a = new boolean[in.readCount(1, what)];
        for (int i = 0; i < a.length; i++) {
          a[i] = readBool(in, what);
        }
        yield a;
      }
      case INT16_ARRAY -> {
        short[] a = new short[in.readCount(2, what)];
        for (int i = 0; i < a.length; i++) {
          a[i] = in.readShort(what);
        }
        yield a;
      }
      case UINT16_ARRAY -> {
        int[] a = new int[in.readCount(2, what)];
        for (int i = 0; i < a.length; i++) {
          a[i] = Short.toUnsignedInt(in.readShort(what));
        }
        yield a;
      }
      case INT32_ARRAY -> {
        int[] a = new int[in.readCount(4, what)];
        for (int i = 0; i < a.length; i++) {
          a[i] = in.readInt(what);
        }
        yield a;
      }
      case UINT32_ARRAY -> {
        long[] a = new long[in.readCount(4, what)];
        for (int i = 0; i < a.length; i++) {
          a[i] = Integer.toUnsignedLong(in.readInt(what));
        }
        yield a;
      }
      case INT64_ARRAY, UINT64_ARRAY -> {
        long[] a = new long[in.readCount(8, what)];
        for (int i = 0; i < a.length; i++) {
          a[i] = in.readLong(what);
        }
        yield a;
      }
      case FLOAT32_ARRAY -> {
        float[] a = new float[in.readCount(4, what)];
        for (int i = 0; i < a.length; i++) {
          a[i] = in.readFloat(what);
        }
        yield a;
      }
      case FLOAT64_ARRAY -> {
        double[] a = new double[in.readCount(8, what)];
        for (int i = 0; i < a.length; i++) {
          a[i] = in.readDouble(what);
        }
        yield a;
      }
      case STRING_ARRAY -> {
        int count = in.readCount(4, what);
        List<String> a = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          a.add(in.readString(what));
        }
        yield Collections.unmodifiableList(a);
      }
      case BYTES_ARRAY -> {
        int count = in.readCount(4, what);
        List<byte[]> a = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          a.add(in.readBytes(what));
        }
        yield Collections.unmodifiableList(a);
      }
    };
  }

  private static boolean readBool(WireReader in, String what) {
    int offset = in.offset();
    byte b = in.readByte(what);
    if (b != 0 && b != 1) {
      throw new MalformedDataException(
          what + ": boolean byte " + b + " at offset " + offset + " is neither 0 nor 1");
    }
    return b == 1;
  }
}
