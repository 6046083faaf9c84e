package io.meshage.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RequestDataTest {

  @Test
  void everyAllowedTypeRoundTripsWithItsJavaType() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("null", null);
    data.put("bool", true);
    data.put("byte", (byte) -1);
    data.put("short", (short) 300);
    data.put("int", 70_000);
    data.put("long", Long.MIN_VALUE);
    data.put("float", 1.5f);
    data.put("double", Double.NaN);
    data.put("char", 'é');
    data.put("string", "hé 😀");
    data.put("bytes", new byte[] {1, 2, 3});
    data.put("list", List.of(1, "two", List.of()));
    data.put("map", Map.of("k", 1L));

    Map<String, Object> got = RequestData.decode(RequestData.encode(data));

    assertThat(got).containsOnlyKeys(data.keySet());
    assertThat(got.keySet()).containsExactlyElementsOf(data.keySet());
    assertThat(got.get("null")).isNull();
    assertThat(got.get("byte")).isEqualTo((byte) -1);
    assertThat(got.get("short")).isEqualTo((short) 300);
    assertThat(got.get("int")).isEqualTo(70_000);
    assertThat(got.get("long")).isEqualTo(Long.MIN_VALUE);
    assertThat(got.get("float")).isEqualTo(1.5f);
    assertThat((Double) got.get("double")).isNaN();
    assertThat(got.get("char")).isEqualTo('é');
    assertThat(got.get("string")).isEqualTo("hé 😀");
    assertThat((byte[]) got.get("bytes")).containsExactly(1, 2, 3);
    assertThat(got.get("list")).isEqualTo(List.of(1, "two", List.of()));
    assertThat(got.get("map")).isEqualTo(Map.of("k", 1L));
  }

  @Test
  void decodedMapsAndListsKeepOrderAndAreUnmodifiable() {
    Map<String, Object> data = new LinkedHashMap<>();
    for (int i = 20; i > 0; i--) {
      data.put("k" + i, i);
    }
    data.put("list", new ArrayList<>(List.of(1, 2)));

    Map<String, Object> got = RequestData.decode(RequestData.encode(data));

    assertThat(got.keySet()).containsExactlyElementsOf(data.keySet());
    assertThatThrownBy(() -> got.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> Payloads.getList(got, "list").add(3))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aValueNotAllowedIsNamedByItsPath() {
    Map<String, Object> data = Map.of("items", List.of(1, 2, 3, new Date(0)));

    assertThatThrownBy(() -> RequestData.validate(data))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("data.items[3]: java.util.Date is not allowed");
    assertThatThrownBy(() -> RequestData.encode(Map.of("a", Map.of("b c", new int[] {1}))))
        .hasMessageStartingWith("data.a[\"b c\"]: [I is not allowed");
  }

  @Test
  void keysMustBeNonNullStrings() {
    Map<Object, Object> inner = new HashMap<>();
    inner.put(5, "x");
    Map<Object, Object> nullKey = new HashMap<>();
    nullKey.put(null, "x");

    assertThatThrownBy(() -> RequestData.validate(Map.of("m", inner)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("data.m: map key 5 is a java.lang.Integer, keys must be Strings");
    assertThatThrownBy(() -> RequestData.validate(Map.of("m", nullKey)))
        .hasMessage("data.m: map has a null key");
  }

  @Test
  void unpairedSurrogatesAreRefused() {
    assertThatThrownBy(() -> RequestData.validate(Map.of("s", "a\uDC00")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("data.s: String: string has an unpaired surrogate");
  }

  @Test
  void nestingIsLimitedAndCyclesAreCaught() {
    assertThat(RequestData.decode(RequestData.encode(nested(RequestData.MAX_DEPTH)))).isNotNull();
    assertThatThrownBy(() -> RequestData.encode(nested(RequestData.MAX_DEPTH + 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nested deeper than 32");

    Map<String, Object> cycle = new HashMap<>();
    cycle.put("self", cycle);
    assertThatThrownBy(() -> RequestData.validate(cycle))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("data.self.self.self")
        .hasMessageContaining("cycle");
  }

  /** A map at depth 1 holding lists down to {@code depth} containers in all. */
  private static Map<String, Object> nested(int depth) {
    Object value = "leaf";
    for (int i = 1; i < depth; i++) {
      value = List.of(value);
    }
    return Map.of("v", value);
  }

  @Test
  void theSizeLimitIsEnforced() {
    Map<String, Object> data = Map.of("b", new byte[100]);

    assertThatThrownBy(() -> RequestData.encode(data, 64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("data.b: encoded request data exceeds the limit of 64 bytes");
    byte[] encoded = RequestData.encode(data);
    assertThatThrownBy(() -> RequestData.decode(encoded, 64))
        .isInstanceOf(MalformedDataException.class);
    assertThatThrownBy(() -> RequestData.encode(data, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hugeLengthsAndCountsFailFastWithoutAllocating() {
    for (byte tag :
        new byte[] {RequestData.STRING, RequestData.BYTES, RequestData.LIST, RequestData.MAP}) {
      for (int length : new int[] {Integer.MAX_VALUE, 1 << 30, -1, -2147483648}) {
        byte[] hostile = root("k").put(tag).putInt(length).array();

        assertThatThrownBy(() -> RequestData.decode(hostile))
            .isInstanceOf(MalformedDataException.class)
            .hasMessageContaining("data.k");
      }
    }
    byte[] hugeRoot =
        ByteBuffer.allocate(6).put((byte) 1).put(RequestData.MAP).putInt(Integer.MAX_VALUE).array();
    assertThatThrownBy(() -> RequestData.decode(hugeRoot))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("length 2147483647");
  }

  /** Version, a root map of one entry named {@code key}, and room for its value. */
  private static ByteBuffer root(String key) {
    return ByteBuffer.allocate(64)
        .put((byte) 1)
        .put(RequestData.MAP)
        .putInt(1)
        .putInt(key.length())
        .put(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void deepNestingOnTheWireIsRefused() {
    ByteBuffer b = ByteBuffer.allocate(2000).put((byte) 1).put(RequestData.MAP).putInt(1);
    b.putInt(1).put((byte) 'k');
    for (int i = 0; i < 200; i++) {
      b.put(RequestData.LIST).putInt(1);
    }
    byte[] hostile = java.util.Arrays.copyOf(b.array(), b.position());

    assertThatThrownBy(() -> RequestData.decode(hostile))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("nested deeper than 32");
  }

  @Test
  void malformedHeadersTagsAndKeysAreNamed() {
    byte[] good = RequestData.encode(Map.of("a", 1));

    byte[] version = good.clone();
    version[0] = 9;
    assertThatThrownBy(() -> RequestData.decode(version)).hasMessageContaining("unknown version 9");

    byte[] notMap = {1, RequestData.LIST, 0, 0, 0, 0};
    assertThatThrownBy(() -> RequestData.decode(notMap)).hasMessageContaining("root must be a map");

    byte[] badTag = root("k").put((byte) 99).array();
    assertThatThrownBy(() -> RequestData.decode(java.util.Arrays.copyOf(badTag, 12)))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("data.k")
        .hasMessageContaining("unknown tag 99");

    byte[] trailing = java.util.Arrays.copyOf(good, good.length + 2);
    assertThatThrownBy(() -> RequestData.decode(trailing)).hasMessageContaining("2 trailing bytes");

    ByteBuffer dup = ByteBuffer.allocate(64).put((byte) 1).put(RequestData.MAP).putInt(2);
    dup.putInt(1).put((byte) 'a').put(RequestData.NULL);
    dup.putInt(1).put((byte) 'a').put(RequestData.NULL);
    byte[] duplicate = java.util.Arrays.copyOf(dup.array(), dup.position());
    assertThatThrownBy(() -> RequestData.decode(duplicate))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("duplicate key");
  }
}
