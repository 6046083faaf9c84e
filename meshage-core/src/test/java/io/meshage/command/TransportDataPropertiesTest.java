package io.meshage.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Round trips of random schemas and values, and fuzzing of unpack, over seeded generators (see
 * {@link Seeds}); every property is bounded by its trials and small generated sizes.
 */
@Timeout(60)
class TransportDataPropertiesTest {

  /** A schema and the values of one instance (null = unset), in schema order. */
  record Sample(TransportData schema, List<Object> values) {
    TransportData.Instance instance() {
      TransportData.Instance td = schema.newInstance();
      for (int i = 0; i < values.size(); i++) {
        if (values.get(i) != null) {
          set(td, schema.properties().get(i), values.get(i));
        }
      }
      return td;
    }
  }

  @RepeatedTest(10)
  void packedInstancesUnpackEqual(RepetitionInfo rep) throws Exception {
    Seeds.check(rep, 30, random -> roundTrip(sample(random)));
  }

  private static void roundTrip(Sample sample) {
    TransportData.Instance in = sample.instance();

    TransportData.Instance out = sample.schema().unpack(in.pack());

    assertThat(out).isEqualTo(in);
    for (int i = 0; i < sample.values().size(); i++) {
      io.meshage.command.Property p = sample.schema().properties().get(i);
      assertThat(out.isSet(p.name())).isEqualTo(sample.values().get(i) != null);
      if (sample.values().get(i) != null) {
        Object expected = sample.values().get(i);
        if (p.type() == Type.BYTES_ARRAY) {
          expected = ((List<?>) expected).toArray();
        }
        assertThat(Arrays.deepEquals(new Object[] {get(out, p)}, new Object[] {expected}))
            .as("property %s", p)
            .isTrue();
      }
    }
  }

  @RepeatedTest(10)
  void truncatedPacksAreRefused(RepetitionInfo rep) throws Exception {
    Seeds.check(rep, 30, random -> truncated(sample(random), random.nextDouble()));
  }

  private static void truncated(Sample sample, double cut) {
    byte[] packed = sample.instance().pack();
    int length = (int) (cut * packed.length);

    assertThatThrownBy(() -> sample.schema().unpack(Arrays.copyOf(packed, length)))
        .isInstanceOf(MalformedDataException.class);
  }

  @RepeatedTest(10)
  void mutatedPacksUnpackOrFailClearly(RepetitionInfo rep) throws Exception {
    Seeds.check(rep, 50, random -> {
      Sample sample = sample(random);
      byte[] packed = sample.instance().pack();
      packed[random.nextInt(packed.length)] = (byte) random.nextInt();

      unpackOrMalformed(sample.schema(), packed);
    });
  }

  @RepeatedTest(10)
  void randomBytesUnpackOrFailClearly(RepetitionInfo rep) throws Exception {
    Seeds.check(rep, 50, random -> unpackOrMalformed(sample(random).schema(), Seeds.bytes(random, 64)));
  }

  @RepeatedTest(10)
  void randomBytesAfterAValidHeaderUnpackOrFailClearly(RepetitionInfo rep) throws Exception {
    Seeds.check(rep, 30, random -> validHeader(sample(random), Seeds.bytes(random, 64)));
  }

  private static void validHeader(Sample sample, byte[] tail) {
    int count = sample.schema().properties().size();
    byte[] bytes = new byte[3 + tail.length];
    bytes[0] = 1;
    bytes[1] = (byte) (count >> 8);
    bytes[2] = (byte) count;
    System.arraycopy(tail, 0, bytes, 3, tail.length);

    unpackOrMalformed(sample.schema(), bytes);
  }

  static void unpackOrMalformed(TransportData schema, byte[] bytes) {
    try {
      schema.unpack(bytes);
    } catch (MalformedDataException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  // ---- generators

  /** Up to 8 properties of random types, each with a random value or (one time in five) unset. */
  static Sample sample(Random random) {
    Type[] types = Type.values();
    List<io.meshage.command.Property> properties = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    for (int i = random.nextInt(9); i > 0; i--) {
      Type type = types[random.nextInt(types.length)];
      properties.add(io.meshage.command.Property.of("p" + properties.size(), type));
      values.add(random.nextInt(5) == 0 ? null : value(type, random));
    }
    return new Sample(TransportData.define(properties), values);
  }

  /** Up to 12 code points: ASCII, the BMP below the surrogates, or above them (astral too). */
  static String unicode(Random random) {
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(13); i > 0; i--) {
      s.appendCodePoint(
          switch (random.nextInt(3)) {
            case 0 -> random.nextInt(0x80);
            case 1 -> random.nextInt(0xD800);
            default -> Seeds.between(random, 0xE000, 0x10FFFF);
          });
    }
    return s.toString();
  }

  static byte[] bytes(Random random) {
    return Seeds.bytes(random, 16);
  }

  private static Object value(Type type, Random r) {
    int n = r.nextInt(10);
    return switch (type) {
      case BOOL -> r.nextBoolean();
      case INT8 -> (byte) r.nextInt();
      case UINT8 -> r.nextInt(256);
      case INT16 -> (short) r.nextInt();
      case UINT16 -> r.nextInt(65536);
      case INT32 -> r.nextInt();
      case UINT32 -> r.nextLong() & 0xFFFF_FFFFL;
      case INT64, UINT64 -> r.nextLong();
      case FLOAT32 -> r.nextInt(10) == 0 ? Float.NaN : Float.intBitsToFloat(r.nextInt());
      case FLOAT64 ->
          r.nextInt(10) == 0 ? Double.NEGATIVE_INFINITY : Double.longBitsToDouble(r.nextLong());
      case STRING -> unicode(r);
      case BYTES -> bytes(r);
      case BOOL_ARRAY -> {
        boolean[] a = new boolean[n];
        for (int i = 0; i < n; i++) {
          a[i] = r.nextBoolean();
        }
        yield a;
      }
      case INT16_ARRAY -> {
        short[] a = new short[n];
        for (int i = 0; i < n; i++) {
          a[i] = (short) r.nextInt();
        }
        yield a;
      }
      case UINT16_ARRAY -> r.ints(n, 0, 65536).toArray();
      case INT32_ARRAY -> r.ints(n).toArray();
      case UINT32_ARRAY -> r.longs(n, 0, 0x1_0000_0000L).toArray();
      case INT64_ARRAY, UINT64_ARRAY -> r.longs(n).toArray();
      case FLOAT32_ARRAY -> {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
          a[i] = Float.intBitsToFloat(r.nextInt());
        }
        yield a;
      }
      case FLOAT64_ARRAY -> {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
          a[i] = Double.longBitsToDouble(r.nextLong());
        }
        yield a;
      }
      case STRING_ARRAY -> {
        List<String> l = new ArrayList<>();
        for (int i = r.nextInt(6); i > 0; i--) {
          l.add(unicode(r));
        }
        yield l;
      }
      case BYTES_ARRAY -> {
        List<byte[]> l = new ArrayList<>();
        for (int i = r.nextInt(6); i > 0; i--) {
          l.add(bytes(r));
        }
        yield l;
      }
    };
  }

  @SuppressWarnings("unchecked")
  static void set(TransportData.Instance td, io.meshage.command.Property p, Object v) {
    String n = p.name();
    switch (p.type()) {
      case BOOL -> td.setBool(n, (Boolean) v);
      case INT8 -> td.setInt8(n, (Byte) v);
      case UINT8 -> td.setUint8(n, (Integer) v);
      case INT16 -> td.setInt16(n, (Short) v);
      case UINT16 -> td.setUint16(n, (Integer) v);
      case INT32 -> td.setInt(n, (Integer) v);
      case UINT32 -> td.setUint32(n, (Long) v);
      case INT64 -> td.setLong(n, (Long) v);
      case UINT64 -> td.setUint64(n, (Long) v);
      case FLOAT32 -> td.setFloat(n, (Float) v);
      case FLOAT64 -> td.setDouble(n, (Double) v);
      case STRING -> td.setString(n, (String) v);
      case BYTES -> td.setBytes(n, (byte[]) v);
      case BOOL_ARRAY -> td.setBoolArray(n, (boolean[]) v);
      case INT16_ARRAY -> td.setInt16Array(n, (short[]) v);
      case UINT16_ARRAY -> td.setUint16Array(n, (int[]) v);
      case INT32_ARRAY -> td.setIntArray(n, (int[]) v);
      case UINT32_ARRAY -> td.setUint32Array(n, (long[]) v);
      case INT64_ARRAY -> td.setLongArray(n, (long[]) v);
      case UINT64_ARRAY -> td.setUint64Array(n, (long[]) v);
      case FLOAT32_ARRAY -> td.setFloatArray(n, (float[]) v);
      case FLOAT64_ARRAY -> td.setDoubleArray(n, (double[]) v);
      case STRING_ARRAY -> td.setStringArray(n, (List<String>) v);
      case BYTES_ARRAY -> td.setBytesArray(n, (List<byte[]>) v);
    }
  }

  static Object get(TransportData.Instance td, io.meshage.command.Property p) {
    String n = p.name();
    return switch (p.type()) {
      case BOOL -> td.getBool(n);
      case INT8 -> td.getInt8(n);
      case UINT8 -> td.getUint8(n);
      case INT16 -> td.getInt16(n);
      case UINT16 -> td.getUint16(n);
      case INT32 -> td.getInt(n);
      case UINT32 -> td.getUint32(n);
      case INT64 -> td.getLong(n);
      case UINT64 -> td.getUint64(n);
      case FLOAT32 -> td.getFloat(n);
      case FLOAT64 -> td.getDouble(n);
      case STRING -> td.getString(n);
      case BYTES -> td.getBytes(n);
      case BOOL_ARRAY -> td.getBoolArray(n);
      case INT16_ARRAY -> td.getInt16Array(n);
      case UINT16_ARRAY -> td.getUint16Array(n);
      case INT32_ARRAY -> td.getIntArray(n);
      case UINT32_ARRAY -> td.getUint32Array(n);
      case INT64_ARRAY -> td.getLongArray(n);
      case UINT64_ARRAY -> td.getUint64Array(n);
      case FLOAT32_ARRAY -> td.getFloatArray(n);
      case FLOAT64_ARRAY -> td.getDoubleArray(n);
      case STRING_ARRAY -> td.getStringArray(n);
      case BYTES_ARRAY -> td.getBytesArray(n).toArray();
    };
  }
}
