package io.meshage.internal.codec;

import io.meshage.Seeds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.ProtocolException;
import io.meshage.command.MalformedDataException;
import io.meshage.command.RequestData;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one UTF-8 policy: agrees with the JDK's strict decoder, and every codec refuses bad bytes. */
@Timeout(30)
class Utf8Test {
  /** One seed per test (see {@link Seeds}). */
  private final long seed = Seeds.seed("Utf8Test");

  /** The JDK's strict decoder, or null when it refuses the bytes. */
  private static String strict(byte[] b) {
    try {
      CharBuffer c =
          StandardCharsets.UTF_8.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(b));
      return c.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static String ours(byte[] b) {
    try {
      return Utf8.decode(b, "test");
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Test
  void decodingAgreesWithTheStrictJdkDecoderOnRandomBytes() {
    Random random = new Random(seed);
    int refused = 0;
    for (int i = 0; i < 100_000; i++) {
      byte[] b = new byte[random.nextInt(12)];
      for (int k = 0; k < b.length; k++) {
        // bias toward the interesting lead and continuation bytes
        int pick = random.nextInt(4);
        b[k] = (byte) (pick == 0 ? random.nextInt(0x80) : pick == 1 ? 0x80 + random.nextInt(0x40)
            : pick == 2 ? 0xC0 + random.nextInt(0x40) : random.nextInt(256));
      }
      String expected = strict(b);
      String got = ours(b);
      if (!java.util.Objects.equals(got, expected)) {
        throw new AssertionError("seed " + seed + ", bytes " + java.util.Arrays.toString(b)
            + ": decoded " + got + ", the JDK's strict decoder " + expected);
      }
      if (expected == null) {
        refused++;
      }
    }
    assertThat(refused).isPositive();
  }

  @Test
  void randomValidTextDecodesAsTheJdkEncodedIt() {
    Random random = new Random(seed);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int k = random.nextInt(10); k > 0; k--) {
        int cp;
        do {
          int range = random.nextInt(4);
          cp = range == 0 ? random.nextInt(0x80) : range == 1 ? random.nextInt(0x800)
              : range == 2 ? random.nextInt(0x10000) : 0x10000 + random.nextInt(0x100000);
        } while (cp >= 0xD800 && cp <= 0xDFFF);
        sb.appendCodePoint(cp);
      }
      String s = sb.toString();
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      if (!s.equals(Utf8.decode(b, "s")) || !java.util.Arrays.equals(b, Utf8.encode(s, "s"))) {
        throw new AssertionError("seed " + seed + ": " + s.codePoints().boxed().toList() + " does not round-trip");
      }
    }
  }

  @Test
  void knownBadSequencesAreRefused() {
    int[][] bad = {
      {0x80}, {0xC0, 0x80}, {0xC1, 0xBF}, {0xC3}, {0xC3, 0x28}, {0xE0, 0x80, 0x80}, {0xE0, 0x9F, 0xBF},
      {0xED, 0xA0, 0x80}, {0xED, 0xBF, 0xBF}, {0xF0, 0x8F, 0xBF, 0xBF}, {0xF4, 0x90, 0x80, 0x80},
      {0xF5, 0x80, 0x80, 0x80}, {0xFF}, {0xE2, 0x82}, {0xF0, 0x9F, 0x98}
    };
    for (int[] seq : bad) {
      byte[] b = new byte[seq.length + 2];
      b[0] = 'a';
      for (int i = 0; i < seq.length; i++) {
        b[i + 1] = (byte) seq[i];
      }
      b[b.length - 1] = 'z';
      assertThatThrownBy(() -> Utf8.decode(b, "field"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("field: invalid UTF-8 at byte 1");
    }
  }

  @Test
  void validTextRoundTrips() {
    for (String s : new String[] {"", "n1", "héllo", "ünïcödé €", "😀 emoji", "\u0000\u007f\u0080\u07ff\u0800\uffff"}) {
      byte[] b = Utf8.encode(s, "s");
      assertThat(b).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
      assertThat(Utf8.decode(b, "s")).isEqualTo(s);
      ByteBuffer in = ByteBuffer.wrap(b);
      assertThat(Utf8.read(in, b.length, "s")).isEqualTo(s);
      assertThat(in.remaining()).isZero();
    }
  }

  @Test
  void unpairedSurrogatesAreRefusedByEveryEncoder() {
    String bad = "a\uD800b";
    assertThatThrownBy(() -> Utf8.encode(bad, "name")).hasMessageContaining("unpaired surrogate");
    assertThatThrownBy(() -> new Bytes(16).putString(bad)).hasMessageContaining("unpaired surrogate");
    assertThatThrownBy(() -> new BodyCodec(8, 1 << 20).encode(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unpaired surrogate");
    assertThatThrownBy(() -> RequestData.encode(java.util.Map.of("k", bad)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unpaired surrogate");
  }

  @Test
  void framesWithMalformedStringsAreProtocolErrors() {
    byte[] b = FrameCodec.toBytes(new Frame.Bye("ab"));
    // length(4) type(1) then the reason: length(2) 'a' 'b'
    b[b.length - 2] = (byte) 0xC3;
    b[b.length - 1] = (byte) 0x28;
    ByteBuffer in = ByteBuffer.wrap(b, 4, b.length - 4).slice();
    assertThatThrownBy(() -> FrameCodec.decode(in))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("invalid UTF-8");
  }

  @Test
  void stringBodiesWithMalformedBytesAreRefused() {
    BodyCodec codec = new BodyCodec(8, 1 << 20);
    assertThatThrownBy(() -> codec.decode(BodyCodec.STRING, new byte[] {'o', (byte) 0xFF, 'k'}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid UTF-8");
    assertThat(codec.decode(BodyCodec.STRING, "ok €".getBytes(StandardCharsets.UTF_8))).isEqualTo("ok €");
  }

  @Test
  void commandDataWithMalformedStringsIsMalformed() {
    WireReader in = new WireReader(new byte[] {0, 0, 0, 2, (byte) 0xED, (byte) 0xA0});
    assertThatThrownBy(() -> in.readString("key"))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("key: invalid UTF-8");
  }
}
