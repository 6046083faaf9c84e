package io.meshage.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Round trips of random nested request data, and fuzzing of decode, over seeded generators (see
 * {@link Seeds}); every property is bounded by its trials and small generated sizes.
 */
@Timeout(60)
class RequestDataPropertiesTest {

  @RepeatedTest(10)
  void encodedDataDecodesEqualInOrder(RepetitionInfo rep) throws Exception {
    Seeds.check(rep, 30, random -> roundTrip(map(random, 3)));
  }

  private static void roundTrip(Map<String, Object> data) {
    Map<String, Object> got = RequestData.decode(RequestData.encode(data));

    assertThat(sameValue(data, got)).as("%s", got).isTrue();
  }

  @RepeatedTest(10)
  void truncatedEncodingsAreRefused(RepetitionInfo rep) throws Exception {
    Seeds.check(rep, 30, random -> truncated(map(random, 3), random.nextDouble()));
  }

  private static void truncated(Map<String, Object> data, double cut) {
    byte[] encoded = RequestData.encode(data);
    int length = (int) (cut * encoded.length);

    assertThatThrownBy(() -> RequestData.decode(Arrays.copyOf(encoded, length)))
        .isInstanceOf(MalformedDataException.class);
  }

  @RepeatedTest(10)
  void mutatedEncodingsDecodeOrFailClearly(RepetitionInfo rep) throws Exception {
    Seeds.check(rep, 50, random -> {
      byte[] encoded = RequestData.encode(map(random, 3));
      encoded[random.nextInt(encoded.length)] = (byte) random.nextInt();

      decodeOrMalformed(encoded);
    });
  }

  @RepeatedTest(10)
  void randomBytesDecodeOrFailClearly(RepetitionInfo rep) throws Exception {
    Seeds.check(rep, 50, random -> randomAfterHeader(Seeds.bytes(random, 64)));
  }

  private static void randomAfterHeader(byte[] tail) {
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

  /** Up to 5 entries with random keys; values nest lists and maps down to {@code depth}. */
  static Map<String, Object> map(Random random, int depth) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = random.nextInt(6); i > 0; i--) {
      m.put(TransportDataPropertiesTest.unicode(random), value(random, depth));
    }
    return m;
  }

  private static Object value(Random r, int depth) {
    int pick = r.nextInt(depth == 0 ? 6 : 8);
    if (pick == 6) {
      List<Object> l = new ArrayList<>();
      for (int i = r.nextInt(5); i > 0; i--) {
        l.add(value(r, depth - 1));
      }
      return l;
    }
    if (pick == 7) {
      return map(r, depth - 1);
    }
    return switch (r.nextInt(11)) {
      case 0 -> null;
      case 1 -> r.nextBoolean();
      case 2 -> (byte) r.nextInt();
      case 3 -> (short) r.nextInt();
      case 4 -> r.nextInt();
      case 5 -> r.nextLong();
      case 6 -> r.nextInt(10) == 0 ? Float.NaN : Float.intBitsToFloat(r.nextInt());
      case 7 -> r.nextInt(10) == 0 ? Double.POSITIVE_INFINITY : Double.longBitsToDouble(r.nextLong());
      case 8 -> (char) r.nextInt(0x10000);
      case 9 -> TransportDataPropertiesTest.unicode(r);
      default -> TransportDataPropertiesTest.bytes(r);
    };
  }
}
