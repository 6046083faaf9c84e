package io.meshage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.internal.codec.Frame;
import io.meshage.internal.codec.FrameCodec;
import io.meshage.internal.security.BeaconSealer;
import io.meshage.internal.keys.Keyring;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A keyed node dials only the address sealed in a beacon, never the datagram's source. */
@Timeout(30)
class SealedBeaconAddressTest {
  @Test
  void aSealedBeaconWithoutAnAddressIsNotDialedAndOneWithAnAddressIs() throws Exception {
    byte[] key = SecureLinkTest.K1;
    try (LoopbackMesh mesh = new LoopbackMesh(true);
        ServerSocket sourceTrap = new ServerSocket();
        ServerSocket sealed = new ServerSocket()) {
      sourceTrap.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      sealed.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      MeshNode a = mesh.start(mesh.config("sba-a").key(key).degree(2));
      BeaconSealer sealer = new BeaconSealer("test", new Keyring(List.of(key)), new SecureRandom(),
          System::currentTimeMillis, 30_000);
      try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
        u.setBroadcast(true);
        InetSocketAddress disc = new InetSocketAddress(InetAddress.getByName(LoopbackMesh.BROADCAST), mesh.discoveryPort);
        byte[] noHost = sealer.seal(FrameCodec.toBytes(
            new Frame.Beacon(Frame.VERSION, a.namespace(), "sba-ghost", 1L, "", sourceTrap.getLocalPort(), 1, 1)));
        u.send(new DatagramPacket(noHost, noHost.length, disc));
        byte[] withHost = sealer.seal(FrameCodec.toBytes(
            new Frame.Beacon(Frame.VERSION, a.namespace(), "sba-other", 1L, "127.0.0.1", sealed.getLocalPort(), 1, 1)));
        u.send(new DatagramPacket(withHost, withHost.length, disc));
      }
      sealed.setSoTimeout(10_000);
      try (Socket dialed = sealed.accept()) {
        assertThat(dialed.isConnected()).as("the sealed address is dialed").isTrue();
      }
      assertThat(a.stats().get(Counter.BEACONS_RECEIVED)).isGreaterThanOrEqualTo(2);
      sourceTrap.setSoTimeout(300);
      assertThatThrownBy(() -> sourceTrap.accept().close())
          .as("the datagram's source address is never dialed").isInstanceOf(SocketTimeoutException.class);
      assertThat(mesh.await(() -> a.stats().get(Counter.DIALS) == 1, Duration.ofSeconds(5))).isTrue();
    }
  }
}
