package io.meshage.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Round trips of random schemas and values, and fuzzing of unpack. jqwik has no timeout of its own:
 * every property is bounded by its tries and small generated sizes.
 */
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

  @Property(tries = 300)
  void packedInstancesUnpackEqual(@ForAll("samples") Sample sample) {
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

  @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
  void truncatedPacksAreRefused(@ForAll("samples") Sample sample, @ForAll double cut) {
    byte[] packed = sample.instance().pack();
    int length = (int) (Math.abs(cut) % 1.0 * packed.length);

    assertThatThrownBy(() -> sample.schema().unpack(Arrays.copyOf(packed, length)))
        .isInstanceOf(MalformedDataException.class);
  }

  @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
  void mutatedPacksUnpackOrFailClearly(
      @ForAll("samples") Sample sample, @ForAll int position, @ForAll byte value) {
    byte[] packed = sample.instance().pack();
    packed[Math.floorMod(position, packed.length)] = value;

    unpackOrMalformed(sample.schema(), packed);
  }

  @Property(tries = 500)
  void randomBytesUnpackOrFailClearly(
      @ForAll("samples") Sample sample, @ForAll @Size(max = 64) byte[] bytes) {
    unpackOrMalformed(sample.schema(), bytes);
  }

  @Property(tries = 300)
  void randomBytesAfterAValidHeaderUnpackOrFailClearly(
      @ForAll("samples") Sample sample, @ForAll @Size(max = 64) byte[] tail) {
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

  @Provide
  Arbitrary<Sample> samples() {
    return Arbitraries.of(Type.class)
        .flatMap(type -> value(type).injectNull(0.2).map(v -> new Object[] {type, v}))
        .list()
        .ofMaxSize(8)
        .map(
            pairs -> {
              List<io.meshage.command.Property> properties = new ArrayList<>();
              List<Object> values = new ArrayList<>();
              for (int i = 0; i < pairs.size(); i++) {
                properties.add(io.meshage.command.Property.of("p" + i, (Type) pairs.get(i)[0]));
                values.add(pairs.get(i)[1]);
              }
              return new Sample(TransportData.define(properties), values);
            });
  }

  static Arbitrary<String> unicode() {
    return Arbitraries.oneOf(
            Arbitraries.integers().between(0, 0x7F),
            Arbitraries.integers().between(0, 0xD7FF),
            Arbitraries.integers().between(0xE000, 0x10FFFF))
        .list()
        .ofMaxSize(12)
        .map(
            codePoints -> {
              StringBuilder s = new StringBuilder();
              codePoints.forEach(s::appendCodePoint);
              return s.toString();
            });
  }

  static Arbitrary<byte[]> bytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(16);
  }

  private static Arbitrary<?> value(Type type) {
    return switch (type) {
      case BOOL -> Arbitraries.of(true, false);
      case INT8 -> Arbitraries.bytes();
      case UINT8 -> Arbitraries.integers().between(0, 255);
      case INT16 -> Arbitraries.shorts();
      case UINT16 -> Arbitraries.integers().between(0, 65535);
      case INT32 -> Arbitraries.integers();
      case UINT32 -> Arbitraries.longs().between(0, 0xFFFF_FFFFL);
      case INT64, UINT64 -> Arbitraries.longs();
      case FLOAT32 -> Arbitraries.floats().withSpecialValue(Float.NaN);
      case FLOAT64 -> Arbitraries.doubles().withSpecialValue(Double.NEGATIVE_INFINITY);
      case STRING -> unicode();
      case BYTES -> bytes();
      case BOOL_ARRAY ->
          Arbitraries.of(true, false)
              .list()
              .ofMaxSize(9)
              .map(TransportDataPropertiesTest::booleans);
      case INT16_ARRAY -> Arbitraries.shorts().array(short[].class).ofMaxSize(9);
      case UINT16_ARRAY -> Arbitraries.integers().between(0, 65535).array(int[].class).ofMaxSize(9);
      case INT32_ARRAY -> Arbitraries.integers().array(int[].class).ofMaxSize(9);
      case UINT32_ARRAY ->
          Arbitraries.longs().between(0, 0xFFFF_FFFFL).array(long[].class).ofMaxSize(9);
      case INT64_ARRAY, UINT64_ARRAY -> Arbitraries.longs().array(long[].class).ofMaxSize(9);
      case FLOAT32_ARRAY -> Arbitraries.floats().array(float[].class).ofMaxSize(9);
      case FLOAT64_ARRAY -> Arbitraries.doubles().array(double[].class).ofMaxSize(9);
      case STRING_ARRAY -> unicode().list().ofMaxSize(5);
      case BYTES_ARRAY -> bytes().list().ofMaxSize(5);
    };
  }

  private static boolean[] booleans(List<Boolean> list) {
    boolean[] a = new boolean[list.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = list.get(i);
    }
    return a;
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
