package io.meshage;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.internal.codec.Frame;
import io.meshage.internal.codec.FrameCodec;
import io.meshage.routing.Lollipop;
import io.meshage.routing.Msa;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Names and namespaces from the wire meet the rule of local configuration: a frame that breaks it
 * closes its link, a beacon that breaks it is dropped, each counted, and the node lives on.
 */
@Timeout(60)
class BadNamesTest {
  private static final String FORGED = "x\ntouch /tmp/owned #\n";

  @Test
  void aHelloWithAForgedNameClosesTheLinkAndIsCounted() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      MeshNode a = mesh.start(mesh.config("names-a").degree(0));
      try (Socket s = new Socket()) {
        s.connect(a.listenAddress(), 2000);
        s.setSoTimeout(5000);
        s.getOutputStream().write(FrameCodec.toBytes(
            new Frame.Hello(Frame.VERSION, a.namespace(), FORGED, 1L, "", 1, true)));
        assertThat(s.getInputStream().readAllBytes()).isEmpty();
      }
      assertThat(mesh.await(() -> a.stats().get(Counter.NAMES_REFUSED) == 1, Duration.ofSeconds(5))).isTrue();
      assertThat(a.neighbors()).isEmpty();
      assertThat(a.mesh().keySet()).containsExactly("names-a");
      assertThat(a.dot()).doesNotContain("touch");
    }
  }

  @Test
  void aBadNamespaceInHelloIsRefusedToo() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      MeshNode a = mesh.start(mesh.config("names-ns").degree(0));
      try (Socket s = new Socket()) {
        s.connect(a.listenAddress(), 2000);
        s.setSoTimeout(5000);
        s.getOutputStream().write(FrameCodec.toBytes(
            new Frame.Hello(Frame.VERSION, "lab lab", "peer", 1L, "", 1, true)));
        assertThat(s.getInputStream().readAllBytes()).isEmpty();
      }
      assertThat(mesh.await(() -> a.stats().get(Counter.NAMES_REFUSED) == 1, Duration.ofSeconds(5))).isTrue();
    }
  }

  @Test
  void msaNeighboursDataRecipientsAndBeaconsWithBadNamesAreRefused() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(true)) {
      MeshNode a = mesh.start(mesh.config("names-b").degree(0));
      try (RawPeer p = RawPeer.handshake(a, "good-peer")) {
        assertThat(mesh.await(() -> a.neighbors().contains("good-peer"), Duration.ofSeconds(5))).isTrue();
        p.send(new Frame.MsaFrame(new Msa("good-peer", 7, Lollipop.next(Lollipop.first()), Set.of("names-b", "a b"),
            Map.of())));
        assertThat(mesh.await(() -> a.neighbors().isEmpty(), Duration.ofSeconds(5))).isTrue();
      }
      assertThat(a.stats().get(Counter.NAMES_REFUSED)).isEqualTo(1);
      try (RawPeer p = RawPeer.handshake(a, "good-peer2")) {
        assertThat(mesh.await(() -> a.neighbors().contains("good-peer2"), Duration.ofSeconds(5))).isTrue();
        p.send(p.data(Frame.SET, 1, List.of("names-b\nforged line"), "x"));
        assertThat(mesh.await(() -> a.neighbors().isEmpty(), Duration.ofSeconds(5))).isTrue();
      }
      assertThat(a.stats().get(Counter.NAMES_REFUSED)).isEqualTo(2);
      try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
        u.setBroadcast(true);
        byte[] beacon = FrameCodec.toBytes(new Frame.Beacon(Frame.VERSION, a.namespace(), FORGED, 1L, "127.0.0.1", 1, 1, 1));
        u.send(new DatagramPacket(beacon, beacon.length,
            new InetSocketAddress(InetAddress.getByName(LoopbackMesh.BROADCAST), mesh.discoveryPort)));
      }
      assertThat(mesh.await(() -> a.stats().get(Counter.NAMES_REFUSED) == 3, Duration.ofSeconds(5))).isTrue();
      assertThat(a.mesh().keySet()).containsExactly("names-b");
    }
  }
}
