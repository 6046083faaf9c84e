package io.meshage.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Round trips of random nested request data, and fuzzing of decode. jqwik has no timeout of its
 * own: every property is bounded by its tries and small generated sizes.
 */
class RequestDataPropertiesTest {

  @Property(tries = 300)
  void encodedDataDecodesEqualInOrder(@ForAll("requests") Map<String, Object> data) {
    Map<String, Object> got = RequestData.decode(RequestData.encode(data));

    assertThat(sameValue(data, got)).as("%s", got).isTrue();
  }

  @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
  void truncatedEncodingsAreRefused(
      @ForAll("requests") Map<String, Object> data, @ForAll double cut) {
    byte[] encoded = RequestData.encode(data);
    int length = (int) (Math.abs(cut) % 1.0 * encoded.length);

    assertThatThrownBy(() -> RequestData.decode(Arrays.copyOf(encoded, length)))
        .isInstanceOf(MalformedDataException.class);
  }

  @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
  void mutatedEncodingsDecodeOrFailClearly(
      @ForAll("requests") Map<String, Object> data, @ForAll int position, @ForAll byte value) {
    byte[] encoded = RequestData.encode(data);
    encoded[Math.floorMod(position, encoded.length)] = value;

    decodeOrMalformed(encoded);
  }

  @Property(tries = 500)
  void randomBytesDecodeOrFailClearly(@ForAll @Size(max = 64) byte[] tail) {
    byte[] bytes = new byte[2 + tail.length];
    bytes[0] = RequestData.VERSION;
    bytes[1] = RequestData.MAP;
    System.arraycopy(tail, 0, bytes, 2, tail.length);

    decodeOrMalformed(tail);
    decodeOrMalformed(bytes);
  }

  static void decodeOrMalformed(byte[] bytes) {
    try {
      RequestData.decode(bytes);
    } catch (MalformedDataException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  /** Deep equality that compares byte arrays by content and maps in iteration order. */
  static boolean sameValue(Object a, Object b) {
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!sameValue(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      Iterator<? extends Map.Entry<?, ?>> i = x.entrySet().iterator();
      Iterator<? extends Map.Entry<?, ?>> j = y.entrySet().iterator();
      while (i.hasNext()) {
        Map.Entry<?, ?> e = i.next();
        Map.Entry<?, ?> f = j.next();
        if (!e.getKey().equals(f.getKey()) || !sameValue(e.getValue(), f.getValue())) {
          return false;
        }
      }
      return true;
    }
    return a == null ? b == null : a.equals(b) && a.getClass() == b.getClass();
  }

  // ---- generators

  @Provide
  Arbitrary<Map<String, Object>> requests() {
    return map(3);
  }

  private static Arbitrary<Map<String, Object>> map(int depth) {
    return Arbitraries.maps(TransportDataPropertiesTest.unicode(), value(depth))
        .ofMaxSize(5)
        .map(LinkedHashMap::new);
  }

  private static Arbitrary<Object> value(int depth) {
    Arbitrary<Object> leaf =
        Arbitraries.oneOf(
            Arbitraries.just(null),
            Arbitraries.of(true, false),
            Arbitraries.bytes(),
            Arbitraries.shorts(),
            Arbitraries.integers(),
            Arbitraries.longs(),
            Arbitraries.floats().withSpecialValue(Float.NaN),
            Arbitraries.doubles().withSpecialValue(Double.POSITIVE_INFINITY),
            Arbitraries.chars(),
            TransportDataPropertiesTest.unicode(),
            TransportDataPropertiesTest.bytes());
    if (depth == 0) {
      return leaf;
    }
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, leaf),
        net.jqwik.api.Tuple.of(1, value(depth - 1).list().ofMaxSize(4).map(l -> (Object) l)),
        net.jqwik.api.Tuple.of(1, map(depth - 1).map(m -> (Object) m)));
  }
}
