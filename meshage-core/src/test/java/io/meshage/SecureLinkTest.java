package io.meshage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.internal.codec.Frame;
import io.meshage.internal.codec.FrameCodec;
import io.meshage.routing.Lollipop;
import io.meshage.routing.Msa;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Namespace keys on real sockets: what the wire shows, who may join, replays of handshakes. */
@Timeout(60)
class SecureLinkTest {
  static final byte[] K1 = key(1);
  static final byte[] K2 = key(2);
  static final int KEY_STEP_MAGIC = 0x4D534831;

  static byte[] key(int seed) {
    byte[] k = new byte[32];
    new Random(seed).nextBytes(k);
    return k;
  }

  @Test
  void keyedLinkShowsNoBodyNameOrNamespaceOnTheWire() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      MeshNode a = mesh.start(mesh.config("wire-a").key(K1).degree(0));
      MeshNode b = mesh.start(mesh.config("wire-b").key(K1).degree(0));
      List<Object> got = new CopyOnWriteArrayList<>();
      b.onMessage(m -> got.add(m.body()));
      try (CapturingRelay relay = new CapturingRelay(b.listenAddress())) {
        assertThat(a.dial(relay.address())).isEqualTo("wire-b");
        assertThat(mesh.await(() -> LoopbackMesh.agree(List.of(a, b), Set.of("wire-a", "wire-b")), Duration.ofSeconds(10)))
            .isTrue();
        assertThat(a.set(List.of("wire-b"), "SECRET-BODY-4711").delivered()).containsExactly("wire-b");
        assertThat(mesh.await(() -> !got.isEmpty(), Duration.ofSeconds(5))).isTrue();
        assertThat(got).containsExactly("SECRET-BODY-4711");
        assertThat(relay.capturedBytes()).isGreaterThan(200);
        assertThat(relay.allBytesAsText())
            .doesNotContain("SECRET-BODY")
            .doesNotContain("wire-a")
            .doesNotContain("wire-b")
            .doesNotContain(MeshConfig.DEFAULT_NAMESPACE);
      }
      // The same check on a keyless pair sees everything, so the check above can fail.
      MeshNode c = mesh.start(mesh.config("wire-c").degree(0));
      MeshNode d = mesh.start(mesh.config("wire-d").degree(0));
      try (CapturingRelay relay = new CapturingRelay(d.listenAddress())) {
        c.dial(relay.address());
        assertThat(mesh.await(() -> c.mesh().containsKey("wire-d") && d.mesh().containsKey("wire-c"), Duration.ofSeconds(10)))
            .isTrue();
        assertThat(c.set(List.of("wire-d"), "SECRET-BODY-4711").delivered()).containsExactly("wire-d");
        assertThat(relay.allBytesAsText()).contains("SECRET-BODY-4711").contains("wire-c");
      }
    }
  }

  @Test
  void wrongKeyAndKeylessNodesCannotJoinAndSayWhy() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(true)) {
      MeshNode a = mesh.start(mesh.config("join-a").key(K1).degree(2));
      MeshNode b = mesh.start(mesh.config("join-b").key(K1).degree(2));
      assertThat(mesh.await(() -> LoopbackMesh.agree(List.of(a, b), Set.of("join-a", "join-b")), Duration.ofSeconds(10)))
          .isTrue();
      MeshNode wrong = mesh.start(mesh.config("join-wrong").key(K2).degree(2));
      MeshNode plain = mesh.start(mesh.config("join-plain").degree(2));
      String addrA = "127.0.0.1:" + a.listenAddress().getPort();
      assertThatThrownBy(() -> wrong.dial(addrA)).isInstanceOf(IOException.class)
          .hasMessageContaining("does not hold namespace key " + NamespaceKeys.idOf(K2))
          .hasMessageContaining("its primary key is " + NamespaceKeys.idOf(K1));
      assertThatThrownBy(() -> plain.dial(addrA)).isInstanceOf(IOException.class)
          .hasMessageContaining("requires a namespace key");
      assertThatThrownBy(() -> a.dial("127.0.0.1:" + plain.listenAddress().getPort()))
          .isInstanceOf(IOException.class).hasMessageContaining("key step");
      assertThat(a.stats().get(Counter.LINK_AUTH_FAILED)).isGreaterThanOrEqualTo(2);
      // Discovery: each side drops the other's beacons, so nobody even dials.
      assertThat(mesh.await(
              () -> a.stats().get(Counter.BEACONS_BAD) >= 4 && wrong.stats().get(Counter.BEACONS_BAD) >= 2
                  && plain.stats().get(Counter.BEACONS_BAD) >= 2,
              Duration.ofSeconds(20)))
          .isTrue();
      assertThat(a.neighbors()).containsExactly("join-b");
      assertThat(a.mesh().keySet()).containsExactlyInAnyOrder("join-a", "join-b");
      assertThat(wrong.neighbors()).isEmpty();
      assertThat(plain.neighbors()).isEmpty();
    }
  }

  @Test
  void keylessPeerCannotInjectDataOrMsas() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      MeshNode a = mesh.start(mesh.config("inj-a").key(K1).degree(0));
      List<Object> got = new CopyOnWriteArrayList<>();
      a.onMessage(m -> got.add(m.body()));
      try (Socket s = new Socket()) {
        s.connect(a.listenAddress(), 2000);
        s.setSoTimeout(5000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(FrameCodec.toBytes(new Frame.Hello(Frame.VERSION, a.namespace(), "intruder", 7, "", 1, true)));
        out.write(FrameCodec.toBytes(new Frame.MsaFrame(new Msa("intruder", 7, Lollipop.first(), Set.of("inj-a"), Map.of()))));
        out.write(FrameCodec.toBytes(new Frame.Data(Frame.SET, Frame.USER, "intruder", 7, 1, List.of("intruder"),
            List.of("inj-a"), io.meshage.internal.codec.BodyCodec.STRING, "INJECTED".getBytes())));
        s.getOutputStream().write(out.toByteArray());
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] body = new byte[in.readInt()];
        in.readFully(body);
        assertThat(FrameCodec.decode(ByteBuffer.wrap(body))).isInstanceOf(Frame.Bye.class)
            .extracting(f -> ((Frame.Bye) f).reason()).asString().contains("requires a namespace key");
        assertThat(readToEnd(in)).isTrue();
      }
      assertThat(got).isEmpty();
      assertThat(a.mesh()).doesNotContainKey("intruder");
      assertThat(a.neighbors()).isEmpty();
    }
  }

  @Test
  void peerWithAStolenKeyIdButNoKeyIsRefusedAtKeyConfirmation() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      MeshNode a = mesh.start(mesh.config("steal-a").key(K1).degree(0));
      try (Socket s = new Socket()) {
        s.connect(a.listenAddress(), 2000);
        s.setSoTimeout(5000);
        ByteBuffer step = ByteBuffer.allocate(41);
        step.putInt(KEY_STEP_MAGIC).put((byte) 2).putInt((int) Long.parseLong(NamespaceKeys.idOf(K1), 16));
        byte[] nonce = new byte[32];
        new SecureRandom().nextBytes(nonce);
        step.put(nonce);
        s.getOutputStream().write(step.array());
        DataInputStream in = new DataInputStream(s.getInputStream());
        assertThat(in.readInt()).isEqualTo(KEY_STEP_MAGIC);
        in.readFully(new byte[38 + 32]);
        byte[] forged = new byte[32];
        new Random(3).nextBytes(forged);
        s.getOutputStream().write(forged);
        assertThat(readToEnd(in)).isTrue();
      }
      assertThat(mesh.await(() -> a.stats().get(Counter.LINK_AUTH_FAILED) >= 1, Duration.ofSeconds(5))).isTrue();
      assertThat(a.neighbors()).isEmpty();
    }
  }

  @Test
  void replayedHandshakeIsRefused() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      MeshNode a = mesh.start(mesh.config("rep-a").key(K1).degree(0));
      MeshNode b = mesh.start(mesh.config("rep-b").key(K1).degree(0));
      List<Object> got = new CopyOnWriteArrayList<>();
      b.onMessage(m -> got.add(m.body()));
      byte[] captured;
      try (CapturingRelay relay = new CapturingRelay(b.listenAddress())) {
        a.dial(relay.address());
        assertThat(mesh.await(() -> a.mesh().containsKey("rep-b"), Duration.ofSeconds(10))).isTrue();
        assertThat(a.set(List.of("rep-b"), "ONCE").delivered()).containsExactly("rep-b");
        captured = relay.firstDialerBytes();
      }
      assertThat(mesh.await(() -> b.neighbors().isEmpty(), Duration.ofSeconds(10))).isTrue();
      long errorsBefore = b.stats().get(Counter.LINK_AUTH_FAILED);
      try (Socket s = new Socket()) {
        s.connect(b.listenAddress(), 2000);
        s.setSoTimeout(5000);
        s.getOutputStream().write(captured);
        DataInputStream in = new DataInputStream(s.getInputStream());
        assertThat(in.readInt()).isEqualTo(KEY_STEP_MAGIC);
        assertThat(readToEnd(in)).isTrue();
      }
      assertThat(mesh.await(() -> b.stats().get(Counter.LINK_AUTH_FAILED) > errorsBefore, Duration.ofSeconds(5))).isTrue();
      assertThat(mesh.await(() -> !got.isEmpty(), Duration.ofSeconds(5))).isTrue();
      assertThat(got).containsExactly("ONCE");
      assertThat(b.neighbors()).isEmpty();
    }
  }

  /** Reads until the peer closes; true when it did (a timeout fails the test). */
  static boolean readToEnd(DataInputStream in) throws IOException {
    try {
      while (in.read() >= 0) {
        // drain
      }
      return true;
    } catch (EOFException | java.net.SocketException e) {
      return true;
    }
  }
}
