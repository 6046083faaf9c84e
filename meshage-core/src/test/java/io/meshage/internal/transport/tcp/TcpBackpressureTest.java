package io.meshage.internal.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.internal.NodeStats;
import io.meshage.internal.node.ThreadEventLoop;
import io.meshage.internal.codec.BodyCodec;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.codec.FrameCodec;
import io.meshage.internal.keys.Keyring;
import io.meshage.internal.security.RecordCipher;
import io.meshage.internal.security.SecureHandshake;
import io.meshage.internal.transport.Transport;
import java.io.DataInputStream;
import java.io.EOFException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A link whose peer stops reading: the loop that writes it never blocks, the link's queue holds
 * up to its bound and then refuses, and once the peer reads again every accepted frame arrives, in
 * order, keyless and keyed, also when the link was closed meanwhile (the partial-write and
 * OP_WRITE path of {@link LinkWriter}, the linger of a closing {@link TcpConnection}).
 */
@Timeout(60)
class TcpBackpressureTest {
  private static final int QUEUE = 2_000;
  private static final byte[] KEY = new byte[32];

  /** With {@code closeWhileFull} the link is closed while frames wait: they still go out (the linger). */
  @ParameterizedTest
  @CsvSource({"false, false", "true, false", "false, true", "true, true"})
  void aPeerThatStopsReadingBlocksNobodyAndLaterGetsEveryFrameInOrder(boolean keyed, boolean closeWhileFull)
      throws Exception {
    ThreadEventLoop loop = new ThreadEventLoop("bp");
    TcpTransport tcp = new TcpTransport("bp", loop, 1 << 20, QUEUE, 2000, new NodeStats(), () -> {}, 64, 16);
    if (keyed) {
      tcp.secure(new SecureHandshake(new Keyring(List.of(KEY)), new SecureRandom()), null);
    }
    try (ServerSocket server = new ServerSocket()) {
      server.setReceiveBufferSize(8192);
      server.setSoTimeout(5000);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      CompletableFuture<Transport.Connection> dialed = new CompletableFuture<>();
      tcp.connect((InetSocketAddress) server.getLocalSocketAddress(), (c, e) -> {
        if (e != null) {
          dialed.completeExceptionally(e);
        } else {
          dialed.complete(c);
        }
      });
      try (Socket peer = server.accept()) {
        peer.setSoTimeout(10_000);
        DataInputStream in = new DataInputStream(peer.getInputStream());
        RecordCipher opener = null;
        if (keyed) {
          // The dial completes only once the key step passed.
          opener = new SecureHandshake(new Keyring(List.of(KEY)), new SecureRandom())
              .accept(in, peer.getOutputStream()).in();
        }
        Transport.Connection c = dialed.get(5, TimeUnit.SECONDS);
        CompletableFuture<String> closed = new CompletableFuture<>();
        onLoop(loop, () -> {
          c.start(new Transport.Handler() {
            @Override
            public void onFrames(List<Frame> frames) {}

            @Override
            public void onClosed(String reason) {
              closed.complete(reason);
            }
          });
          return null;
        });

        // One frame through first: the link is writable (keyed: the key step is done).
        onLoop(loop, () -> c.send(frame(0)));
        assertThat(read(in, opener, 1)).containsExactly(0L);
        // The loop sends in batches, each flushed before the next, until the link refuses one:
        // the socket is full by then and frames wait in the queue.
        int sent = 1;
        while (true) {
          int from = sent;
          int accepted = onLoop(loop, () -> {
            int n = 0;
            while (n < 100 && c.send(frame(from + n))) {
              n++;
            }
            return n;
          });
          sent += accepted;
          afterFlush(loop);
          if (accepted < 100) {
            break;
          }
          assertThat(sent).as("frames accepted while the peer reads nothing").isLessThan(200_000);
        }
        assertThat(sent).isGreaterThanOrEqualTo(QUEUE);
        // A caller does not block on the full link either: once the queue is full again, it is
        // refused at once.
        long t0 = System.nanoTime();
        while (c.sendFromCaller(frame(sent))) {
          sent++;
          assertThat(sent).as("frames accepted while the peer reads nothing").isLessThan(200_000);
        }
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(5));

        if (closeWhileFull) {
          c.close("bye");
          assertThat(c.send(frame(sent))).as("a closed link takes nothing").isFalse();
        }
        List<Long> ids = read(in, opener, sent - 1);
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i < sent; i++) {
          expected.add(i);
        }
        assertThat(ids).isEqualTo(expected);
        if (closeWhileFull) {
          assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo("bye");
          assertThat(in.read()).isEqualTo(-1);
          return;
        }

        // Writable again: a caller's frame goes out, then a close flushes and ends the stream.
        assertThat(c.sendFromCaller(frame(sent))).isTrue();
        assertThat(read(in, opener, 1)).containsExactly((long) sent);
        c.close("done");
        assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(in.read()).isEqualTo(-1);
      }
    } finally {
      tcp.close();
      loop.shutdown();
      loop.awaitTermination(2000);
    }
  }

  private static Frame.Data frame(long id) {
    return new Frame.Data(
        Frame.SET, Frame.USER, "bp", 1L, id, List.of("bp"), List.of("peer"), BodyCodec.RAW, new byte[1000]);
  }

  /** The ids of the next {@code n} DATA frames on the stream, opening records when keyed. */
  private static List<Long> read(DataInputStream in, RecordCipher opener, int n) throws Exception {
    List<Long> ids = new ArrayList<>();
    while (ids.size() < n) {
      int length = in.readInt();
      byte[] bytes = new byte[length];
      in.readFully(bytes);
      if (opener == null) {
        ids.add(((Frame.Data) FrameCodec.decode(ByteBuffer.wrap(bytes))).id());
        continue;
      }
      ByteBuffer plain = ByteBuffer.wrap(opener.open(bytes, length));
      while (plain.hasRemaining()) {
        int frameLength = plain.getInt();
        ids.add(((Frame.Data) FrameCodec.decode(plain.slice(plain.position(), frameLength))).id());
        plain.position(plain.position() + frameLength);
      }
    }
    if (ids.size() > n) {
      throw new EOFException("read " + ids.size() + " frames, expected " + n);
    }
    return ids;
  }

  /** Returns once the loop has flushed what its tasks queued (its timers run after that). */
  private static void afterFlush(ThreadEventLoop loop) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.schedule(() -> done.complete(null), 0);
    done.get(2, TimeUnit.SECONDS);
  }

  /** Runs {@code task} on the loop and returns its result; fails when the loop does not answer in time. */
  private static <T> T onLoop(ThreadEventLoop loop, Callable<T> task) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.execute(() -> {
      try {
        result.complete(task.call());
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    });
    return result.get(2, TimeUnit.SECONDS);
  }
}
