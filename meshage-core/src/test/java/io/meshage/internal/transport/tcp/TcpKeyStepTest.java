package io.meshage.internal.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.Counter;
import io.meshage.MeshStats;
import io.meshage.internal.ThreadEventLoop;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.security.Keyring;
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

/** The key step of a keyed link runs off the loop and is bounded: a silent peer is cut at its deadline. */
@Timeout(20)
class TcpKeyStepTest {
  @Test
  void aPeerSilentDuringTheKeyStepIsCutAtTheHandshakeTimeout() throws Exception {
    ThreadEventLoop loop = new ThreadEventLoop("ks");
    MeshStats stats = new MeshStats();
    TcpTransport tcp = new TcpTransport("ks", loop, 1 << 20, 1000, 300, stats, () -> {});
    tcp.secure(new SecureHandshake(new Keyring(List.of(new byte[32])), new SecureRandom()), null);
    CompletableFuture<String> closed = new CompletableFuture<>();
    try {
      InetSocketAddress at = tcp.listen("127.0.0.1", 0, c -> loop.execute(() -> c.start(new Transport.Handler() {
        @Override
        public void onFrames(List<Frame> frames) {}

        @Override
        public void onClosed(String reason) {
          closed.complete(reason);
        }
      })));
      try (Socket silent = new Socket()) {
        silent.connect(at, 2000);
        long t0 = System.nanoTime();
        assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo("key step timed out after 300 ms");
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
        assertThat(stats.get(Counter.LINK_AUTH_FAILED)).isEqualTo(1);
        silent.setSoTimeout(2000);
        assertThat(silent.getInputStream().read()).as("the node closed the socket").isEqualTo(-1);
      }
    } finally {
      tcp.close();
      loop.shutdown();
      loop.awaitTermination(2000);
    }
  }
}
