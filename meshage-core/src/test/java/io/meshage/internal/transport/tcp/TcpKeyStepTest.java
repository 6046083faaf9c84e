package io.meshage.internal.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.Counter;
import io.meshage.internal.NodeStats;
import io.meshage.internal.node.ThreadEventLoop;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.keys.Keyring;
import io.meshage.internal.security.SecureHandshake;
import io.meshage.internal.transport.Transport;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The key step of a keyed link is bounded: a silent peer is cut at its deadline and never reaches the node. */
@Timeout(20)
class TcpKeyStepTest {
  @Test
  void aPeerSilentDuringTheKeyStepIsCutAtTheHandshakeTimeout() throws Exception {
    ThreadEventLoop loop = new ThreadEventLoop("ks");
    NodeStats stats = new NodeStats();
    TcpTransport tcp = new TcpTransport("ks", loop, 1 << 20, 1000, 300, stats, () -> {}, 64, 16);
    tcp.secure(new SecureHandshake(new Keyring(List.of(new byte[32])), new SecureRandom()), null);
    CompletableFuture<Transport.Connection> accepted = new CompletableFuture<>();
    try {
      InetSocketAddress at = tcp.listen("127.0.0.1", 0, accepted::complete);
      try (Socket silent = new Socket()) {
        silent.connect(at, 2000);
        long t0 = System.nanoTime();
        silent.setSoTimeout(5000);
        assertThat(silent.getInputStream().read()).as("the node closed the socket").isEqualTo(-1);
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
        assertThat(stats.get(Counter.LINK_AUTH_FAILED)).isEqualTo(1);
        assertThat(accepted).as("no link reached the node").isNotDone();
        assertThat(tcp.handshakesUnderWay()).isZero();
      }
    } finally {
      tcp.close();
      loop.shutdown();
      loop.awaitTermination(2000);
    }
  }
}
