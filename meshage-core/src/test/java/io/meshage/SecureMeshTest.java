package io.meshage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.internal.codec.Bytes;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.codec.FrameCodec;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Keyed meshes on real sockets: beacon replays, fuzzed authentic records, key rotation. */
@Timeout(90)
class SecureMeshTest {
  private static final byte[] K1 = SecureLinkTest.K1;
  private static final byte[] K2 = SecureLinkTest.K2;

  @Test
  void replayedBeaconIsRefused() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(true)) {
      try (DatagramSocket tap = new DatagramSocket(null)) {
        tap.setReuseAddress(true);
        tap.setBroadcast(true);
        tap.bind(new InetSocketAddress(mesh.discoveryPort));
        tap.setSoTimeout(10_000);
        MeshNode listener = mesh.start(mesh.config("bcn-listener").key(K1).degree(0));
        MeshNode seeker = mesh.start(mesh.config("bcn-seeker").key(K1).degree(1));
        byte[] beacon = null;
        byte[] buf = new byte[2048];
        while (beacon == null) {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          tap.receive(p);
          if (p.getLength() > 4 && buf[0] == 'M' && buf[1] == 'S' && buf[2] == 'B' && buf[3] == '1') {
            beacon = java.util.Arrays.copyOf(buf, p.getLength());
          }
        }
        assertThat(new String(beacon, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("bcn-seeker");
        long before = listener.stats().get(Counter.BEACONS_REPLAYED);
        tap.send(new DatagramPacket(beacon, beacon.length, InetAddress.getByName(LoopbackMesh.BROADCAST), mesh.discoveryPort));
        assertThat(mesh.await(() -> listener.stats().get(Counter.BEACONS_REPLAYED) > before, Duration.ofSeconds(10)))
            .isTrue();
        assertThat(seeker.config().keyed()).isTrue();
      }
    }
  }

  @Test
  void fuzzedAuthenticRecordsNeverCrashANode() throws Exception {
    long seed = Seeds.forTest();
    Random random = new Random(seed);
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      MeshNode a = mesh.start(mesh.config("fz-a").key(K1).degree(0).keepaliveTimeout(Duration.ofSeconds(20)));
      MeshNode b = mesh.start(mesh.config("fz-b").key(K1).degree(0));
      b.dial("127.0.0.1:" + a.listenAddress().getPort());
      for (int i = 0; i < 60; i++) {
        try (KeyedRawPeer p = KeyedRawPeer.connect(a, K1)) {
          int mode = random.nextInt(3);
          if (mode == 0) {
            p.sendPlaintextRecord(garbage(random, 1 + random.nextInt(300)));
          } else if (mode == 1) {
            p.send(new Frame.Hello(Frame.VERSION, a.namespace(), "fz-peer" + i, i + 1, "", 1, true));
            p.readRecord();
            for (int j = 0; j < 5; j++) {
              p.sendPlaintextRecord(mutated(random, i));
            }
          } else {
            byte[] raw = garbage(random, 4 + random.nextInt(300));
            ByteBufferPut.putInt(raw, 0, raw.length - 4);
            p.sendRaw(raw);
          }
        } catch (IOException e) {
          // the node closed first: fine
        }
      }
      assertThat(mesh.await(() -> a.stats().get(Counter.PROTOCOL_ERRORS) + a.stats().get(Counter.LINK_AUTH_FAILED) >= 20,
          Duration.ofSeconds(10))).isTrue();
      assertThat(mesh.await(() -> LoopbackMesh.agree(List.of(a, b), Set.of("fz-a", "fz-b")), Duration.ofSeconds(20)))
          .as("seed " + seed).isTrue();
      assertThat(b.set(List.of("fz-a"), "still alive").delivered()).as("seed " + seed).containsExactly("fz-a");
    }
  }

  private static byte[] garbage(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** A valid DATA, MSA or ACK frame with a few bytes flipped, its length prefix sometimes too. */
  private static byte[] mutated(Random random, int i) {
    Frame f = switch (random.nextInt(3)) {
      case 0 -> new Frame.Data(Frame.SET, Frame.USER, "fz-peer" + i, i + 1, random.nextLong(), List.of("fz-peer" + i),
          List.of("fz-a"), io.meshage.internal.codec.BodyCodec.STRING, garbage(random, random.nextInt(64)));
      case 1 -> new Frame.MsaFrame(new io.meshage.routing.Msa("fz-peer" + i, i + 1, 1, Set.of("fz-a"), java.util.Map.of()));
      default -> new Frame.Ack("fz-a", 1, "fz-peer" + i, (byte) 0, new long[] {random.nextLong()});
    };
    Bytes out = new Bytes(64);
    FrameCodec.encode(f, out);
    byte[] b = out.toArray();
    int flips = 1 + random.nextInt(4);
    for (int k = 0; k < flips; k++) {
      int at = random.nextInt(b.length);
      b[at] = (byte) random.nextInt(256);
    }
    return b;
  }

  @Test
  void rotationAcrossARunningMeshLosesNoMessage() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(true)) {
      List<MeshNode> nodes = new ArrayList<>();
      for (String n : List.of("rot-1", "rot-2", "rot-3")) {
        // hangups here drop links to see them re-form with the new key: no hold-down
        nodes.add(mesh.start(mesh.config(n).key(K1).degree(2).hangupHoldDown(Duration.ZERO)));
      }
      Set<String> names = Set.of("rot-1", "rot-2", "rot-3");
      assertThat(mesh.await(() -> LoopbackMesh.agree(nodes, names), Duration.ofSeconds(15))).isTrue();
      MeshNode from = nodes.get(0);
      ConcurrentHashMap<Object, Boolean> received = new ConcurrentHashMap<>();
      nodes.get(2).onMessage(m -> received.put(m.body(), true));
      AtomicBoolean stop = new AtomicBoolean();
      List<Delivery> verdicts = java.util.Collections.synchronizedList(new ArrayList<>());
      CompletableFuture<Void> sender =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; !stop.get() || i < 200; i++) {
                  verdicts.add(from.set(List.of("rot-3"), "m" + i));
                }
              });
      String id2 = NamespaceKeys.idOf(K2);
      // Each step of the rotation waits for messages to flow in between.
      assertThat(mesh.await(() -> verdicts.size() >= 50, Duration.ofSeconds(20))).isTrue();
      for (MeshNode n : nodes) {
        assertThat(n.keys().install(K2)).isEqualTo(id2);
      }
      assertThat(mesh.await(() -> verdicts.size() >= 100, Duration.ofSeconds(20))).isTrue();
      for (MeshNode n : nodes) {
        n.keys().use(id2);
      }
      assertThat(mesh.await(() -> verdicts.size() >= 150, Duration.ofSeconds(20))).isTrue();
      for (MeshNode n : nodes) {
        n.keys().remove(NamespaceKeys.idOf(K1));
        assertThat(n.keys().describe()).containsExactly(id2 + " primary");
      }
      // Links drop and re-form with the new key while messages still flow.
      assertThat(nodes.get(1).hangup("rot-3")).isTrue();
      assertThat(mesh.await(() -> nodes.get(1).neighbors().contains("rot-3"), Duration.ofSeconds(15))).isTrue();
      stop.set(true);
      sender.get(60, TimeUnit.SECONDS);
      assertThat(verdicts.stream().filter(d -> !d.failed().isEmpty()).map(Delivery::failed).toList())
          .as("verdicts that failed").isEmpty();
      assertThat(verdicts).allSatisfy(d -> assertThat(d.delivered()).containsExactly("rot-3"));
      assertThat(mesh.await(() -> received.size() >= verdicts.size(), Duration.ofSeconds(10))).isTrue();
      assertThat(received).hasSize(verdicts.size());

      // New links use the new key: drop one, it comes back; a node that missed the rotation cannot join.
      assertThat(from.hangup("rot-2")).isTrue();
      assertThat(mesh.await(() -> from.neighbors().contains("rot-2") && LoopbackMesh.agree(nodes, names),
          Duration.ofSeconds(15))).isTrue();
      MeshNode late = mesh.start(mesh.config("rot-late").key(K1).degree(0));
      assertThatThrownBy(() -> late.dial("127.0.0.1:" + from.listenAddress().getPort()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("does not hold namespace key " + NamespaceKeys.idOf(K1));
      MeshNode current = mesh.start(mesh.config("rot-current").key(K2).degree(0));
      assertThat(current.dial("127.0.0.1:" + from.listenAddress().getPort())).isEqualTo("rot-1");
      assertThat(mesh.await(() -> current.mesh().containsKey("rot-3"), Duration.ofSeconds(10))).isTrue();
      Delivery after = current.set(List.of("rot-3"), "after");
      assertThat(after.delivered()).as("%s", after.failed()).containsExactly("rot-3");
      assertThatThrownBy(() -> from.keys().remove(id2)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("primary");
    }
  }

  /** Big-endian int into a byte array. */
  private static final class ByteBufferPut {
    static void putInt(byte[] b, int at, int v) {
      java.nio.ByteBuffer.wrap(b).putInt(at, v);
    }
  }
}
