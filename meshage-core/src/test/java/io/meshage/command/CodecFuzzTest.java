package io.meshage.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many seeded mutations of valid encodings, under a Jupiter timeout. On a failure the message
 * carries the seed and the round, so the case can be replayed.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CodecFuzzTest {
  private static final long SEED = 0x6d657368L;
  private static final int ROUNDS = 20_000;

  @Test
  void mutatedRequestDataDecodesOrFailsClearly() {
    byte[] valid =
        RequestData.encode(
            Map.of(
                "name",
                "n3",
                "items",
                List.of(1, 2L, "three", new byte[] {4}, Map.of("five", 5.0)),
                "flag",
                true));
    fuzz(valid, RequestData::decode);
  }

  @Test
  void mutatedTransportDataUnpacksOrFailsClearly() {
    TransportData schema =
        TransportData.define(
            Property.of("name", Type.STRING),
            Property.of("list", Type.UINT32_ARRAY),
            Property.of("users", Type.BYTES_ARRAY),
            Property.of("flags", Type.BOOL_ARRAY),
            Property.of("d", Type.FLOAT64));
    byte[] valid =
        schema
            .newInstance()
            .setString("name", "John")
            .setUint32Array("list", new long[] {1, 2, 3})
            .setBytesArray("users", List.of(new byte[] {1, 2}, new byte[0]))
            .setBoolArray("flags", new boolean[] {true})
            .setDouble("d", 2.5)
            .pack();
    fuzz(valid, schema::unpack);
  }

  private static void fuzz(byte[] valid, java.util.function.Consumer<byte[]> decoder) {
    Random random = new Random(SEED);
    for (int round = 0; round < ROUNDS; round++) {
      byte[] bytes = valid.clone();
      int mutations = 1 + random.nextInt(4);
      for (int m = 0; m < mutations; m++) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      }
      if (random.nextInt(4) == 0) {
        bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
      }
      try {
        decoder.accept(bytes);
      } catch (MalformedDataException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      } catch (RuntimeException | Error e) {
        throw new AssertionError("seed " + SEED + " round " + round + ": " + e, e);
      }
    }
  }
}
