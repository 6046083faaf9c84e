package io.meshage.internal.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.Counter;
import io.meshage.internal.NodeStats;
import io.meshage.internal.node.ThreadEventLoop;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.keys.Keyring;
import io.meshage.internal.security.SecureHandshake;
import io.meshage.internal.transport.Transport;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What an unauthenticated connection can make a node hold: a few KiB, a slot, no thread. */
@Timeout(30)
class PreAuthLimitsTest {
  private final ThreadEventLoop loop = new ThreadEventLoop("pa");
  private final NodeStats stats = new NodeStats();
  private final List<Socket> sockets = new ArrayList<>();
  private TcpTransport tcp;

  @AfterEach
  void tearDown() throws Exception {
    for (Socket s : sockets) {
      s.close();
    }
    if (tcp != null) {
      tcp.close();
    }
    loop.shutdown();
    loop.awaitTermination(2000);
  }

  private InetSocketAddress listen(int total, int perAddress, boolean keyed, java.util.function.Consumer<Transport.Connection> accepted)
      throws Exception {
    tcp = new TcpTransport("pa", loop, 1 << 20, 1000, 2000, stats, () -> {}, total, perAddress);
    if (keyed) {
      tcp.secure(new SecureHandshake(new Keyring(List.of(new byte[32])), new SecureRandom()), null);
    }
    return tcp.listen("127.0.0.1", 0, accepted);
  }

  private Socket open(InetSocketAddress at, String from) throws Exception {
    Socket s = new Socket();
    sockets.add(s);
    s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
    s.connect(at, 2000);
    s.setSoTimeout(5000);
    return s;
  }

  private static boolean await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(5);
    }
    return condition.getAsBoolean();
  }

  private <T> T onLoop(Callable<T> task) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    loop.execute(() -> {
      try {
        f.complete(task.call());
      } catch (Exception e) {
        f.completeExceptionally(e);
      }
    });
    return f.get(5, TimeUnit.SECONDS);
  }

  private static Transport.Handler closedInto(CompletableFuture<String> closed) {
    return new Transport.Handler() {
      @Override
      public void onFrames(List<Frame> frames) {}

      @Override
      public void onClosed(String reason) {
        closed.complete(reason);
      }
    };
  }

  @Test
  void aClaimedLengthGetsNoBufferAndOneOverThePreAuthCapClosesTheLink() throws Exception {
    BlockingQueue<Transport.Connection> accepted = new LinkedBlockingQueue<>();
    InetSocketAddress at = listen(8, 8, false, accepted::add);
    Socket s = open(at, "127.0.0.1");
    TcpConnection c = (TcpConnection) accepted.poll(5, TimeUnit.SECONDS);
    CompletableFuture<String> closed = new CompletableFuture<>();
    onLoop(() -> {
      c.start(closedInto(closed));
      return null;
    });
    DataOutputStream out = new DataOutputStream(s.getOutputStream());
    out.writeInt(FrameReader.PRE_AUTH_MAX_FRAME);
    out.write(new byte[1600]);
    out.flush();
    assertThat(await(() -> {
      try {
        return onLoop(c::readBufferBytes) > FrameReader.PRE_AUTH_BUFFER;
      } catch (Exception e) {
        return false;
      }
    })).isTrue();
    assertThat(onLoop(c::readBufferBytes)).as("grown with the 1,604 bytes that arrived, not to the 4,100 claimed").isLessThanOrEqualTo(2048);

    Socket s2 = open(at, "127.0.0.1");
    TcpConnection c2 = (TcpConnection) accepted.poll(5, TimeUnit.SECONDS);
    CompletableFuture<String> closed2 = new CompletableFuture<>();
    onLoop(() -> {
      c2.start(closedInto(closed2));
      return null;
    });
    new DataOutputStream(s2.getOutputStream()).writeInt(10 << 20);
    assertThat(closed2.get(5, TimeUnit.SECONDS))
        .isEqualTo("protocol error: a frame of 10485760 bytes before the link is up (at most 4096)");
    assertThat(s2.getInputStream().read()).isEqualTo(-1);
    assertThat(await(() -> tcp.handshakesUnderWay() == 1)).as("the closed link gave its slot back").isTrue();
  }

  @Test
  void linkBuffersComeWhenTheLinkIsUpAndTheSlotGoesBack() throws Exception {
    BlockingQueue<Transport.Connection> accepted = new LinkedBlockingQueue<>();
    InetSocketAddress at = listen(8, 8, false, accepted::add);
    open(at, "127.0.0.1");
    TcpConnection c = (TcpConnection) accepted.poll(5, TimeUnit.SECONDS);
    onLoop(() -> {
      c.start(closedInto(new CompletableFuture<>()));
      return null;
    });
    assertThat(onLoop(c::readBufferBytes)).isEqualTo(FrameReader.PRE_AUTH_BUFFER);
    assertThat(tcp.handshakesUnderWay()).isEqualTo(1);
    onLoop(() -> {
      c.linkUp();
      return null;
    });
    assertThat(onLoop(c::readBufferBytes)).isEqualTo(64 * 1024);
    assertThat(tcp.handshakesUnderWay()).isZero();
  }

  @Test
  void handshakesAreBoundedInTotalAndPerAddressAndTheOneOverIsClosedAtOnce() throws Exception {
    BlockingQueue<Transport.Connection> accepted = new LinkedBlockingQueue<>();
    InetSocketAddress at = listen(3, 2, false, accepted::add);
    open(at, "127.0.0.1");
    open(at, "127.0.0.1");
    assertThat(await(() -> tcp.handshakesUnderWay() == 2)).isTrue();
    Socket third = open(at, "127.0.0.1");
    assertThat(third.getInputStream().read()).as("over the bound per address: closed at once").isEqualTo(-1);
    assertThat(await(() -> stats.get(Counter.HANDSHAKES_OVER_BOUND) == 1)).isTrue();
    Socket other = open(at, "127.0.0.2");
    assertThat(await(() -> tcp.handshakesUnderWay() == 3)).as("another address still gets a slot").isTrue();
    Socket fourth = open(at, "127.0.0.3");
    assertThat(fourth.getInputStream().read()).as("over the total bound: closed at once").isEqualTo(-1);
    assertThat(await(() -> stats.get(Counter.HANDSHAKES_OVER_BOUND) == 2)).isTrue();
    assertThat(accepted).hasSize(3);
    other.close();
  }

  @Test
  void theAcceptThreadSurvivesAnOutOfMemoryErrorWhileAccepting() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    BlockingQueue<Transport.Connection> accepted = new LinkedBlockingQueue<>();
    InetSocketAddress at = listen(8, 8, false, c -> {
      if (calls.incrementAndGet() == 1) {
        throw new OutOfMemoryError("injected");
      }
      accepted.add(c);
    });
    Socket first = open(at, "127.0.0.1");
    assertThat(first.getInputStream().read()).as("the connection that hit the error is closed").isEqualTo(-1);
    assertThat(await(() -> stats.get(Counter.ACCEPT_ERRORS) == 1)).isTrue();
    assertThat(await(() -> tcp.handshakesUnderWay() == 0)).as("its slot went back").isTrue();
    open(at, "127.0.0.1");
    assertThat(accepted.poll(5, TimeUnit.SECONDS)).as("the next connection is accepted").isNotNull();
  }

  @Test
  void keyStepsRunWithoutAThreadPerConnectionAndFailuresNeverReachTheNode() throws Exception {
    BlockingQueue<Transport.Connection> accepted = new LinkedBlockingQueue<>();
    InetSocketAddress at = listen(64, 64, true, accepted::add);
    int before = meshageThreads();
    for (int i = 0; i < 30; i++) {
      open(at, "127.0.0.1");
    }
    assertThat(await(() -> tcp.handshakesUnderWay() == 30)).isTrue();
    assertThat(meshageThreads() - before).as("threads for 30 key steps under way").isLessThanOrEqualTo(1);
    // A key step that claims a huge record instead of the magic: refused, never a link.
    Socket liar = open(at, "127.0.0.1");
    new DataOutputStream(liar.getOutputStream()).writeInt(10 << 20);
    InputStream in = liar.getInputStream();
    assertThat(in.read()).isEqualTo(-1);
    assertThat(await(() -> stats.get(Counter.LINK_AUTH_FAILED) == 1)).isTrue();
    assertThat(accepted).isEmpty();
  }

  private static int meshageThreads() {
    int n = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("meshage-")) {
        n++;
      }
    }
    return n;
  }

  @Test
  void aGrownBufferStaysWhileLongFramesComeAndShrinksAfterShortOnes() throws Exception {
    BlockingQueue<Transport.Connection> accepted = new LinkedBlockingQueue<>();
    InetSocketAddress at = listen(8, 8, false, accepted::add);
    Socket s = open(at, "127.0.0.1");
    TcpConnection c = (TcpConnection) accepted.poll(5, TimeUnit.SECONDS);
    AtomicInteger frames = new AtomicInteger();
    onLoop(() -> {
      c.start(new Transport.Handler() {
        @Override
        public void onFrames(List<Frame> batch) {
          frames.addAndGet(batch.size());
        }

        @Override
        public void onClosed(String reason) {}
      });
      c.linkUp();
      return null;
    });
    java.io.OutputStream out = s.getOutputStream();
    out.write(io.meshage.internal.codec.FrameCodec.toBytes(data(200 * 1024)));
    out.flush();
    assertThat(await(() -> frames.get() == 1)).isTrue();
    assertThat(onLoop(c::readBufferBytes)).as("kept for the next long frame").isGreaterThan(200 * 1024);
    for (int i = 0; i < FrameReader.SHRINK_AFTER; i++) {
      int want = frames.get() + 1;
      out.write(io.meshage.internal.codec.FrameCodec.toBytes(data(10)));
      out.flush();
      assertThat(await(() -> frames.get() == want)).isTrue();
    }
    assertThat(onLoop(c::readBufferBytes)).as("given back after short frames only").isEqualTo(64 * 1024);
  }

  private static Frame data(int bytes) {
    return new Frame.Data(Frame.SET, Frame.USER, "p", 1, 1, List.of("p"), List.of("q"),
        io.meshage.internal.codec.BodyCodec.STRING, new byte[bytes]);
  }
}
