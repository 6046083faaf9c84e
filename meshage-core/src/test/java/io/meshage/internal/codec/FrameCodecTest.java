package io.meshage.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.ProtocolException;
import io.meshage.routing.Msa;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
          new Frame.Beacon(1, "lab", "n1", 7L, "", 7001, 2, 5));

  static Frame roundTrip(Frame f) {
    byte[] b = FrameCodec.toBytes(f);
    ByteBuffer in = ByteBuffer.wrap(b);
    int length = in.getInt();
    assertThat(length).isEqualTo(b.length - 4);
    return FrameCodec.decode(in.slice());
  }

  @Test
  void everyFrameRoundTrips() {
    for (Frame f : SAMPLES) {
      Frame g = roundTrip(f);
      if (f instanceof Frame.Data d) {
        Frame.Data e = (Frame.Data) g;
        assertThat(e.body()).isEqualTo(d.body());
        assertThat(e.recipients()).isEqualTo(d.recipients());
        assertThat(e.path()).isEqualTo(d.path());
      } else if (f instanceof Frame.Ack a) {
        assertThat(((Frame.Ack) g).ids()).isEqualTo(a.ids());
      } else {
        assertThat(g).isEqualTo(f);
      }
    }
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

  @Property(tries = 2000)
  void randomBytesNeverEscapeAsAnythingButProtocolException(@ForAll @Size(max = 300) byte[] bytes) {
    try {
      FrameCodec.decode(ByteBuffer.wrap(bytes));
    } catch (ProtocolException expected) {
      // the only allowed failure
    }
  }

  @Property(tries = 2000)
  void mutatedFramesNeverEscapeAsAnythingButProtocolException(
      @ForAll int which, @ForAll int position, @ForAll byte value) {
    byte[] b = FrameCodec.toBytes(SAMPLES.get(Math.floorMod(which, SAMPLES.size())));
    byte[] body = Arrays.copyOfRange(b, 4, b.length);
    body[Math.floorMod(position, body.length)] = value;
    try {
      FrameCodec.decode(ByteBuffer.wrap(body));
    } catch (ProtocolException expected) {
      // the only allowed failure
    }
  }
}
