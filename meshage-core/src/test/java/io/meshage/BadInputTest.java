package io.meshage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hostile bytes on the TCP port and the discovery port close that link only; the node lives on. */
@Timeout(60)
class BadInputTest {
  @Test
  void garbageOversizedAndTruncatedFramesCloseOnlyThatLink() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(true)) {
      MeshNode a = mesh.start("bad-a", 3);
      MeshNode b = mesh.start("bad-b", 3);
      assertThat(mesh.await(() -> LoopbackMesh.agree(List.of(a, b), Set.of("bad-a", "bad-b")),
          Duration.ofSeconds(10))).isTrue();
      InetSocketAddress target = a.listenAddress();
      Random random = new Random(7);
      Socket silent = new Socket();
      silent.connect(target, 2000);
      silent.setSoTimeout(10_000);

      byte[] futureHello = io.meshage.internal.codec.FrameCodec.toBytes(
          new io.meshage.internal.codec.Frame.Hello(99, "meshage", "intruder", 1L, "", 1, false));
      try (Socket s = new Socket()) {
        s.connect(target, 2000);
        s.setSoTimeout(5000);
        s.getOutputStream().write(futureHello);
        String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(answer).contains("protocol version 99 not supported");
      }

      byte[] garbage = new byte[4096];
      random.nextBytes(garbage);
      assertClosedByNode(target, garbage);

      var twoGig = new java.io.ByteArrayOutputStream();
      new DataOutputStream(twoGig).writeInt(Integer.MAX_VALUE);
      twoGig.write(new byte[] {1, 2, 3});
      assertClosedByNode(target, twoGig.toByteArray());

      var half = new java.io.ByteArrayOutputStream();
      new DataOutputStream(half).writeInt(100);
      half.write(new byte[] {1, 1, 0, 5});
      try (Socket s = new Socket()) {
        s.connect(target, 2000);
        s.getOutputStream().write(half.toByteArray());
        s.getOutputStream().flush();
        s.shutdownOutput();
        s.setSoTimeout(5000);
        assertThat(s.getInputStream().read()).isEqualTo(-1);
      }

      try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
        u.setBroadcast(true);
        InetSocketAddress disc =
            new InetSocketAddress(InetAddress.getByName(LoopbackMesh.BROADCAST), mesh.discoveryPort);
        for (int i = 0; i < 50; i++) {
          byte[] junk = new byte[random.nextInt(600)];
          random.nextBytes(junk);
          u.send(new DatagramPacket(junk, junk.length, disc));
        }
        byte[] lying = new byte[] {0x7f, 0, 0, 0, 9, 1};
        u.send(new DatagramPacket(lying, lying.length, disc));
      }

      assertThat(mesh.await(() -> a.stats().get(Counter.BEACONS_BAD) > 0
          && a.stats().get(Counter.PROTOCOL_ERRORS) >= 2, Duration.ofSeconds(5)))
          .as("counters of a: %s", a.stats()).isTrue();
      assertThat(a.mesh()).containsKeys("bad-a", "bad-b");
      assertThat(a.neighbors()).contains("bad-b");
      Delivery d = b.set(List.of("bad-a"), "still alive?");
      assertThat(d.delivered()).containsExactly("bad-a");
      long silentStart = System.nanoTime();
      String bye = new String(silent.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(bye).as("a silent peer is cut at the handshake deadline").contains("handshake timed out");
      assertThat((System.nanoTime() - silentStart) / 1_000_000).isLessThan(5_000);
      silent.close();
      MeshNode c = mesh.start("bad-c", 3);
      assertThat(mesh.await(() -> LoopbackMesh.agree(List.of(a, b, c), Set.of("bad-a", "bad-b", "bad-c")),
          Duration.ofSeconds(10))).isTrue();
    }
  }

  /** Sends {@code bytes}, then expects the node to close the connection (EOF) promptly. */
  private static void assertClosedByNode(InetSocketAddress target, byte[] bytes) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(target, 2000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(bytes);
        out.flush();
      } catch (java.io.IOException alreadyClosed) {
        return;
      }
      InputStream in = s.getInputStream();
      try {
        while (in.read() != -1) {
          // a BYE may arrive first
        }
      } catch (java.net.SocketException reset) {
        // closed with unread data: reset is a close too
      }
    }
  }
}
