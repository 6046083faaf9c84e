package io.meshage;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.internal.codec.Frame;
import io.meshage.internal.codec.FrameCodec;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A frame whose strings are not valid UTF-8 closes that link as a protocol error; the node lives on. */
@Timeout(30)
class MalformedUtf8OnTheWireTest {
  @Test
  void helloWithMalformedUtf8NameClosesTheLink() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      MeshNode a = mesh.start("utf-a", 0);
      MeshNode b = mesh.start("utf-b", 0);
      byte[] hello = FrameCodec.toBytes(new Frame.Hello(Frame.VERSION, "meshage", "zq", 1L, "", 1, false));
      int at = indexOf(hello, (byte) 'z', (byte) 'q');
      hello[at] = (byte) 0xC3; // a two-byte lead followed by '(' : not UTF-8
      hello[at + 1] = (byte) 0x28;
      long errorsBefore = a.stats().get(Counter.PROTOCOL_ERRORS);
      try (Socket s = new Socket()) {
        s.connect(a.listenAddress(), 2000);
        s.setSoTimeout(5000);
        s.getOutputStream().write(hello);
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        try {
          while (in.read() != -1) {
            // a BYE may come first
          }
        } catch (SocketException reset) {
          // closed with unread data: a reset is a close too
        }
      }
      assertThat(mesh.await(() -> a.stats().get(Counter.PROTOCOL_ERRORS) > errorsBefore, Duration.ofSeconds(5)))
          .as("counters of a: %s", a.stats()).isTrue();
      b.dial("127.0.0.1:" + a.listenAddress().getPort());
      assertThat(mesh.await(() -> b.mesh().containsKey("utf-a"), Duration.ofSeconds(5))).isTrue();
      assertThat(b.set(List.of("utf-a"), "still alive?").delivered()).containsExactly("utf-a");
    }
  }

  private static int indexOf(byte[] b, byte first, byte second) {
    for (int i = 0; i + 1 < b.length; i++) {
      if (b[i] == first && b[i + 1] == second) {
        return i;
      }
    }
    throw new AssertionError("pattern not found");
  }
}
