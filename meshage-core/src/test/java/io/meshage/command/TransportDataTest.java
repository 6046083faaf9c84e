package io.meshage.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TransportDataTest {
  private static final TransportData EXAMPLE =
      TransportData.define(
          Property.of("name", Type.STRING),
          Property.of("counter", Type.INT),
          Property.of("list", Type.UINT32_ARRAY),
          Property.of("data", Type.BYTES),
          Property.of("users", Type.BYTES_ARRAY));
  private static final TransportData USER =
      TransportData.define(Property.of("UID", Type.STRING), Property.of("SID", Type.STRING));

  @Test
  void theDiarkisExampleRoundTrips() {
    List<byte[]> users = new ArrayList<>();
    for (String id : List.of("u1", "u2")) {
      users.add(USER.newInstance().setString("UID", id).setString("SID", "s-" + id).pack());
    }
    byte[] packed =
        EXAMPLE
            .newInstance()
            .setString("name", "John")
            .setInt("counter", -7)
            .setUint32Array("list", new long[] {10, 20, 2, 0xFFFF_FFFFL})
            .setBytes("data", new byte[] {(byte) 0xff, (byte) 0xee, (byte) 0xdd, (byte) 0xcc})
            .setBytesArray("users", users)
            .pack();

    TransportData.Instance got = EXAMPLE.unpack(packed);

    assertThat(got.getString("name")).isEqualTo("John");
    assertThat(got.getInt("counter")).isEqualTo(-7);
    assertThat(got.getUint32Array("list")).containsExactly(10, 20, 2, 0xFFFF_FFFFL);
    assertThat(got.getBytes("data")).containsExactly(0xff, 0xee, 0xdd, 0xcc);
    List<byte[]> gotUsers = got.getBytesArray("users");
    assertThat(gotUsers).hasSize(2);
    assertThat(USER.unpack(gotUsers.get(1)).getString("SID")).isEqualTo("s-u2");
  }

  @Test
  void everyTypeRoundTrips() {
    List<Property> all = new ArrayList<>();
    for (Type type : Type.values()) {
      all.add(Property.of(type.name().toLowerCase(), type));
    }
    TransportData schema = TransportData.define(all);
    TransportData.Instance in =
        schema
            .newInstance()
            .setBool("bool", true)
            .setInt8("int8", (byte) -128)
            .setUint8("uint8", 255)
            .setInt16("int16", Short.MIN_VALUE)
            .setUint16("uint16", 65535)
            .setInt("int32", Integer.MIN_VALUE)
            .setUint32("uint32", 4294967295L)
            .setLong("int64", Long.MIN_VALUE)
            .setUint64("uint64", -1L)
            .setFloat("float32", Float.NaN)
            .setDouble("float64", -0.0)
            .setString("string", "héllo 😀")
            .setBytes("bytes", new byte[] {1, 2})
            .setBoolArray("bool_array", new boolean[] {true, false})
            .setInt16Array("int16_array", new short[] {-1, 2})
            .setUint16Array("uint16_array", new int[] {0, 65535})
            .setIntArray("int32_array", new int[] {Integer.MAX_VALUE})
            .setUint32Array("uint32_array", new long[] {4294967295L})
            .setLongArray("int64_array", new long[] {Long.MAX_VALUE})
            .setUint64Array("uint64_array", new long[] {-1L})
            .setFloatArray("float32_array", new float[] {1.5f})
            .setDoubleArray("float64_array", new double[] {Double.NEGATIVE_INFINITY})
            .setStringArray("string_array", List.of("", "a", "😀"))
            .setBytesArray("bytes_array", List.of(new byte[0], new byte[] {9}));

    TransportData.Instance out = schema.unpack(in.pack());

    assertThat(out).isEqualTo(in);
    assertThat(out.getUint8("uint8")).isEqualTo(255);
    assertThat(Long.toUnsignedString(out.getUint64("uint64"))).isEqualTo("18446744073709551615");
    assertThat(out.getFloat("float32")).isNaN();
    assertThat(out.getString("string")).isEqualTo("héllo 😀");
    assertThat(out.toString()).contains("string=héllo 😀").contains("bool=true");
  }

  @Test
  void unsetPropertiesReadAsDefaults() {
    TransportData.Instance got = EXAMPLE.unpack(EXAMPLE.newInstance().pack());

    assertThat(got.isSet("name")).isFalse();
    assertThat(got.getString("name")).isEmpty();
    assertThat(got.getInt("counter")).isZero();
    assertThat(got.getUint32Array("list")).isEmpty();
    assertThat(got.getBytes("data")).isEmpty();
    assertThat(got.getBytesArray("users")).isEmpty();
    assertThat(got.setInt("counter", 3).isSet("counter")).isTrue();
    assertThat(got.unset("counter").getInt("counter")).isZero();
  }

  @Test
  void aliasesNameTheSameTypes() {
    assertThat(Type.INT).isSameAs(Type.INT32);
    assertThat(Type.LONG).isSameAs(Type.INT64);
    assertThat(Type.BYTE).isSameAs(Type.UINT8);
  }

  @Test
  void unknownNameOrWrongTypeIsRefusedNamingTheProperty() {
    TransportData.Instance td = EXAMPLE.newInstance();

    assertThatThrownBy(() -> td.setString("nmae", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'nmae'")
        .hasMessageContaining("name, counter");
    assertThatThrownBy(() -> td.setLong("counter", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("property 'counter' is INT32 (int), not INT64 (long)");
    assertThatThrownBy(() -> td.getString("counter"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'counter'");
  }

  @Test
  void outOfRangeUnsignedValuesAreRefused() {
    TransportData schema =
        TransportData.define(
            Property.of("u8", Type.UINT8),
            Property.of("u32", Type.UINT32),
            Property.of("list", Type.UINT32_ARRAY));
    TransportData.Instance td = schema.newInstance();

    assertThatThrownBy(() -> td.setUint8("u8", 256)).hasMessageContaining("'u8'");
    assertThatThrownBy(() -> td.setUint32("u32", -1)).hasMessageContaining("'u32'");
    assertThatThrownBy(() -> td.setUint32Array("list", new long[] {1, 1L << 32}))
        .hasMessageContaining("'list'");
  }

  @Test
  void badDefinitionsAndValuesAreRefused() {
    assertThatThrownBy(
            () -> TransportData.define(Property.of("a", Type.INT), Property.of("a", Type.LONG)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a' is defined twice");
    assertThatThrownBy(() -> Property.of(" ", Type.INT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> USER.newInstance().setString("UID", "bad \uD800 surrogate"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'UID'");
    List<String> withNull = new ArrayList<>();
    withNull.add(null);
    TransportData strings = TransportData.define(Property.of("s", Type.STRING_ARRAY));
    assertThatThrownBy(() -> strings.newInstance().setStringArray("s", withNull))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'s'[0] is null");
  }

  @Test
  void instancesDoNotShareArraysWithTheCaller() {
    byte[] data = {1, 2, 3};
    TransportData.Instance td = EXAMPLE.newInstance().setBytes("data", data);
    data[0] = 9;
    td.getBytes("data")[1] = 9;

    assertThat(td.getBytes("data")).containsExactly(1, 2, 3);
  }

  @Test
  void theSizeLimitIsEnforcedOnPackAndUnpack() {
    TransportData small = EXAMPLE.withMaxPackedSize(64);
    byte[] big = EXAMPLE.newInstance().setBytes("data", new byte[100]).pack();

    assertThatThrownBy(() -> small.newInstance().setBytes("data", new byte[100]).pack())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit of 64 bytes");
    assertThatThrownBy(() -> small.unpack(big))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("limit of 64");
    assertThatThrownBy(() -> EXAMPLE.withMaxPackedSize(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aHugeStringLengthFailsFastWithoutAllocating() {
    TransportData schema = TransportData.define(Property.of("s", Type.STRING));
    byte[] hostile =
        ByteBuffer.allocate(8)
            .put((byte) 1)
            .putShort((short) 1)
            .put((byte) Type.STRING.code())
            .putInt(Integer.MAX_VALUE)
            .array();

    assertThatThrownBy(() -> schema.unpack(hostile))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("property 's'")
        .hasMessageContaining("length 2147483647");
  }

  @Test
  void hugeOrNegativeArrayCountsFailFast() {
    TransportData schema = TransportData.define(Property.of("a", Type.INT64_ARRAY));
    for (int count : new int[] {Integer.MAX_VALUE, 1 << 28, -1, 2}) {
      byte[] hostile =
          ByteBuffer.allocate(16)
              .put((byte) 1)
              .putShort((short) 1)
              .put((byte) Type.INT64_ARRAY.code())
              .putInt(count)
              .array();

      assertThatThrownBy(() -> schema.unpack(hostile))
          .isInstanceOf(MalformedDataException.class)
          .hasMessageContaining("property 'a'");
    }
  }

  @Test
  void hostileHeadersAndTagsAreNamed() {
    byte[] good = USER.newInstance().setString("UID", "x").pack();

    byte[] version = good.clone();
    version[0] = 7;
    assertThatThrownBy(() -> USER.unpack(version)).hasMessageContaining("version 7");

    assertThatThrownBy(() -> EXAMPLE.unpack(good))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("2 properties but the schema has 5");

    TransportData otherTypes =
        TransportData.define(Property.of("UID", Type.BYTES), Property.of("SID", Type.STRING));
    assertThatThrownBy(() -> otherTypes.unpack(good))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("'UID' is BYTES in the schema but was packed as STRING");

    byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
    assertThatThrownBy(() -> USER.unpack(trailing)).hasMessageContaining("1 trailing bytes");

    assertThatThrownBy(() -> USER.unpack(new byte[0]))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void invalidUtf8AndBooleansAreRefused() {
    TransportData strings = TransportData.define(Property.of("s", Type.STRING));
    byte[] badUtf8 = {1, 0, 1, (byte) Type.STRING.code(), 0, 0, 0, 2, (byte) 0xC3, (byte) 0x28};
    assertThatThrownBy(() -> strings.unpack(badUtf8))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("invalid UTF-8");

    TransportData bools = TransportData.define(Property.of("b", Type.BOOL));
    byte[] two = {1, 0, 1, (byte) Type.BOOL.code(), 2};
    assertThatThrownBy(() -> bools.unpack(two))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("neither 0 nor 1");
  }
}
