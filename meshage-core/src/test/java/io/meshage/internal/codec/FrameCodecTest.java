package io.meshage.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.ProtocolException;
import io.meshage.Seeds;
import io.meshage.routing.Msa;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Round trips and hostile input of the protocol frame codec; fuzzing seeded as {@link Seeds} says. */
@Timeout(30)
class FrameCodecTest {
  static final List<Frame> SAMPLES =
      List.of(
          new Frame.Hello(1, "lab", "n1", 42L, "127.0.0.1", 7001, true),
          new Frame.MsaFrame(new Msa("n1", 7L, -16, Set.of("n2", "n3"), Map.of("type", "game"))),
          new Frame.Data(Frame.SET, Frame.USER, "n1", 7L, 99L, List.of("n1", "n2"), List.of("n4"),
              BodyCodec.STRING, "hi".getBytes()),
          new Frame.Ack("n1", 7L, "n4", Frame.ACK_DELIVERED, new long[] {1, 2, 3}),
          new Frame.Ping(5),
          new Frame.Bye("closing"),
          new Frame.Summary(List.of(new Frame.SummaryEntry("n1", 7L, 3))),
          new Frame.Beacon(1, "lab", "n1", 7L, "", 7001, 2, 5),
          new Frame.Hello(1, "x", "a.b_c:d@e-F9", -1L, "", 0, false),
          new Frame.Data(Frame.BROADCAST, (byte) 1, "n9", Long.MIN_VALUE, Long.MAX_VALUE, List.of("n9"),
              List.of(), BodyCodec.RAW, new byte[0]),
          new Frame.Ack("n2", -3L, "n5", Frame.ACK_UNREACHABLE, new long[0]),
          new Frame.Summary(List.of()),
          new Frame.MsaFrame(new Msa("solo", 1L, 5, Set.of(), Map.of())));

  static Frame roundTrip(Frame f) {
    byte[] b = FrameCodec.toBytes(f);
    ByteBuffer in = ByteBuffer.wrap(b);
    int length = in.getInt();
    assertThat(length).isEqualTo(b.length - 4);
    return FrameCodec.decode(in.slice());
  }

  /** Same frame type and every field equal, arrays (body, ids) by content. */
  static void assertSameFrame(Frame got, Frame sent) {
    assertThat(got).isInstanceOf(sent.getClass());
    assertThat(got).usingRecursiveComparison().withStrictTypeChecking().isEqualTo(sent);
  }

  @Test
  void everyFrameRoundTrips() {
    for (Frame f : SAMPLES) {
      assertSameFrame(roundTrip(f), f);
    }
  }

  @Test
  void everyNameFieldIsCheckedByTheNameRule() {
    String bad = "n1\nforged";
    List<Frame> frames = List.of(
        new Frame.Hello(1, "lab", bad, 1L, "", 1, true),
        new Frame.Hello(1, "", "n1", 1L, "", 1, true),
        new Frame.MsaFrame(new Msa(bad, 7L, -16, Set.of(), Map.of())),
        new Frame.MsaFrame(new Msa("n1", 7L, -16, Set.of("n2", "a b"), Map.of())),
        new Frame.Data(Frame.SET, Frame.USER, bad, 7L, 1L, List.of("n1"), List.of("n4"), BodyCodec.RAW, new byte[0]),
        new Frame.Data(Frame.SET, Frame.USER, "n1", 7L, 1L, List.of("n1", "x".repeat(65)), List.of("n4"),
            BodyCodec.RAW, new byte[0]),
        new Frame.Data(Frame.SET, Frame.USER, "n1", 7L, 1L, List.of("n1"), List.of("n4", "n'5"), BodyCodec.RAW,
            new byte[0]),
        new Frame.Ack(bad, 7L, "n4", Frame.ACK_DELIVERED, new long[0]),
        new Frame.Ack("n1", 7L, "", Frame.ACK_DELIVERED, new long[0]),
        new Frame.Summary(List.of(new Frame.SummaryEntry("n 1", 7L, 3))),
        new Frame.Beacon(1, "lab", bad, 7L, "", 7001, 2, 5),
        new Frame.Beacon(1, "la\u0000b", "n1", 7L, "", 7001, 2, 5));
    for (Frame f : frames) {
      assertThatThrownBy(() -> roundTrip(f)).as("%s", f)
          .isInstanceOf(NameRule.BadName.class).hasMessageContaining("is not a valid name");
    }
  }

  @Test
  void theComparisonSeesEveryFieldOfData() {
    Frame.Data d = (Frame.Data) SAMPLES.get(2);
    Frame.Data otherPath = new Frame.Data(d.kind(), d.channel(), d.origin(), d.originInstance(),
        d.id(), List.of("n1"), d.recipients(), d.bodyType(), d.body());
    Frame.Data otherBody = new Frame.Data(d.kind(), d.channel(), d.origin(), d.originInstance(),
        d.id(), d.path(), d.recipients(), d.bodyType(), "ho".getBytes());
    Frame.Data otherInstance = new Frame.Data(d.kind(), d.channel(), d.origin(), 8L,
        d.id(), d.path(), d.recipients(), d.bodyType(), d.body());
    for (Frame.Data wrong : List.of(otherPath, otherBody, otherInstance)) {
      assertThatThrownBy(() -> assertSameFrame(wrong, d)).isInstanceOf(AssertionError.class);
    }
  }

  @RepeatedTest(10)
  void randomDataAndAckFramesRoundTripField(RepetitionInfo rep) throws Exception {
    Seeds.check(rep, 100, random -> {
      Frame f = random.nextBoolean() ? randomData(random) : randomAck(random);
      assertSameFrame(roundTrip(f), f);
    });
  }

  private static String name(Random random) {
    return "n" + random.nextInt(1000);
  }

  private static List<String> names(Random random, int max) {
    List<String> l = new java.util.ArrayList<>();
    for (int i = random.nextInt(max + 1); i > 0; i--) {
      l.add(name(random));
    }
    return List.copyOf(l);
  }

  private static Frame.Data randomData(Random random) {
    return new Frame.Data((byte) random.nextInt(3), (byte) random.nextInt(4), name(random),
        random.nextLong(), random.nextLong(), names(random, 6), names(random, 6),
        (byte) random.nextInt(3), Seeds.bytes(random, 200));
  }

  private static Frame.Ack randomAck(Random random) {
    return new Frame.Ack(name(random), random.nextLong(), name(random), (byte) random.nextInt(3),
        random.longs(random.nextInt(20)).toArray());
  }

  @Test
  void rejectsOversizedLengthsBeforeAllocating() {
    assertThatThrownBy(() -> FrameCodec.checkLength(Integer.MAX_VALUE, 10 << 20))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("outside");
    assertThatThrownBy(() -> FrameCodec.checkLength(0, 10 << 20)).isInstanceOf(ProtocolException.class);
    byte[] lyingCount = {4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    assertThatThrownBy(() -> FrameCodec.decode(ByteBuffer.wrap(lyingCount)))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void everyTruncationIsAProtocolError() {
    for (Frame f : SAMPLES) {
      byte[] b = FrameCodec.toBytes(f);
      for (int cut = 5; cut < b.length; cut++) {
        byte[] body = Arrays.copyOfRange(b, 4, cut);
        assertThatThrownBy(() -> FrameCodec.decode(ByteBuffer.wrap(body)))
            .as("%s cut at %d", f.getClass().getSimpleName(), cut)
            .isInstanceOf(ProtocolException.class);
      }
    }
  }

  @RepeatedTest(10)
  void randomBytesNeverEscapeAsAnythingButProtocolException(RepetitionInfo rep) throws Exception {
    Seeds.check(rep, 200, random -> decodeOrProtocolError(Seeds.bytes(random, 300)));
  }

  @RepeatedTest(10)
  void mutatedFramesNeverEscapeAsAnythingButProtocolException(RepetitionInfo rep) throws Exception {
    Seeds.check(rep, 200, random -> {
      byte[] b = FrameCodec.toBytes(SAMPLES.get(random.nextInt(SAMPLES.size())));
      byte[] body = Arrays.copyOfRange(b, 4, b.length);
      body[random.nextInt(body.length)] = (byte) random.nextInt();
      decodeOrProtocolError(body);
    });
  }

  private static void decodeOrProtocolError(byte[] bytes) {
    try {
      FrameCodec.decode(ByteBuffer.wrap(bytes));
    } catch (ProtocolException expected) {
      // the only allowed failure
    }
  }

  /**
   * Decoding through one link's name cache (as the TCP reader does) gives the same frames as
   * without it, for many names sharing the cache's slots, and still refuses malformed names.
   */
  @RepeatedTest(5)
  void framesDecodedThroughANameCacheEqualThoseDecodedWithout(RepetitionInfo rep) throws Exception {
    NameCache names = new NameCache();
    Seeds.check(rep, 2000, random -> {
      Frame f = random.nextBoolean() ? randomData(random) : randomAck(random);
      byte[] b = FrameCodec.toBytes(f);
      assertSameFrame(FrameCodec.decode(ByteBuffer.wrap(b, 4, b.length - 4).slice(), names), f);
      byte[] body = Arrays.copyOfRange(b, 4, b.length);
      body[random.nextInt(body.length)] = (byte) random.nextInt();
      try {
        Frame cached = FrameCodec.decode(ByteBuffer.wrap(body), names);
        assertSameFrame(cached, FrameCodec.decode(ByteBuffer.wrap(body)));
      } catch (ProtocolException expected) {
        assertThatThrownBy(() -> FrameCodec.decode(ByteBuffer.wrap(body))).isInstanceOf(ProtocolException.class);
      }
    });
  }

  @Test
  void aCachedNameIsNotReturnedForOtherBytes() {
    NameCache names = new NameCache();
    Frame.Ack good = new Frame.Ack("n1", 1L, "node", Frame.ACK_DELIVERED, new long[] {1});
    assertSameFrame(FrameCodec.decode(ByteBuffer.wrap(FrameCodec.toBytes(good), 4, FrameCodec.toBytes(good).length - 4).slice(), names), good);
    byte[] bad = FrameCodec.toBytes(good);
    int at = indexOf(bad, "node".getBytes());
    bad[at + 1] = (byte) 0xC0;
    assertThatThrownBy(() -> FrameCodec.decode(ByteBuffer.wrap(Arrays.copyOfRange(bad, 4, bad.length)), names))
        .isInstanceOf(ProtocolException.class);
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    for (int i = 0; i + needle.length <= hay.length; i++) {
      if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }
}
