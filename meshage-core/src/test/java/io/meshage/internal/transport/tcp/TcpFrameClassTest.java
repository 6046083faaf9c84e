package io.meshage.internal.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.internal.NodeStats;
import io.meshage.internal.codec.BodyCodec;
import io.meshage.internal.codec.Bytes;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.codec.FrameClass;
import io.meshage.internal.codec.FrameCodec;
import io.meshage.internal.node.ThreadEventLoop;
import io.meshage.internal.transport.Transport;
import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A link writes control frames and ACKs before data and data before bulk ({@link FrameClass}):
 * a keepalive or MSA queued behind many bulk frames goes out first, frames of one class keep
 * their order, a BYE still comes last, and bulk frames queue only up to their byte bound.
 */
@Timeout(60)
class TcpFrameClassTest {
  private static final int BULK_BODY = 64 * 1024;

  private ThreadEventLoop loop;
  private TcpTransport tcp;
  private ServerSocket server;
  private Socket peer;
  private DataInputStream in;
  private Transport.Connection link;

  @BeforeEach
  void connect() throws Exception {
    loop = new ThreadEventLoop("fc");
    tcp = new TcpTransport("fc", loop, 1 << 20, 100_000, 2000, new NodeStats(), () -> {}, 64, 16);
    server = new ServerSocket();
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
    peer = server.accept();
    peer.setSoTimeout(10_000);
    in = new DataInputStream(peer.getInputStream());
    link = dialed.get(5, TimeUnit.SECONDS);
    onLoop(() -> {
      link.start(new Transport.Handler() {
        @Override
        public void onFrames(List<Frame> frames) {}

        @Override
        public void onClosed(String reason) {}
      });
      return null;
    });
    onLoop(() -> link.send(data(Frame.USER, 0)));
    assertThat(read(1)).hasSize(1);
  }

  @AfterEach
  void close() throws Exception {
    peer.close();
    server.close();
    tcp.close();
    loop.shutdown();
    loop.awaitTermination(2000);
  }

  @Test
  void controlAndAcksGoBeforeDataAndDataBeforeBulkWhateverTheQueueingOrder() throws Exception {
    onLoop(() -> {
      for (int i = 1; i <= 20; i++) {
        link.send(data(Frame.BULK, i));
      }
      for (int i = 21; i <= 25; i++) {
        link.send(data(Frame.USER, i));
      }
      link.send(new Frame.Ack("o", 1L, "n", Frame.ACK_DELIVERED, new long[] {7}));
      link.sendControl(new Frame.Ping(42));
      return null;
    });
    List<Frame> frames = read(27);
    assertThat(frames.get(0)).isInstanceOf(Frame.Ping.class);
    assertThat(frames.get(1)).isInstanceOf(Frame.Ack.class);
    List<Long> ids = new ArrayList<>();
    for (Frame f : frames.subList(2, 27)) {
      ids.add(((Frame.Data) f).id());
    }
    List<Long> expected = new ArrayList<>();
    for (long i = 21; i <= 25; i++) {
      expected.add(i);
    }
    for (long i = 1; i <= 20; i++) {
      expected.add(i);
    }
    assertThat(ids).as("data before bulk, each class in order").isEqualTo(expected);
  }

  @Test
  void aKeepaliveQueuedBehindAFullLinkOfBulkFramesOvertakesThem() throws Exception {
    // The peer reads nothing: bulk frames fill the socket, then the queue up to the bulk bound.
    int sent = 0;
    while (true) {
      int from = sent;
      int accepted = onLoop(() -> {
        int n = 0;
        while (n < 50 && link.send(data(Frame.BULK, from + n + 1))) {
          n++;
        }
        return n;
      });
      sent += accepted;
      if (accepted < 50) {
        break;
      }
      assertThat(sent).as("bulk frames accepted while the peer reads nothing").isLessThan(5_000);
    }
    long bound = LinkWriter.MAX_BULK_BYTES / BULK_BODY;
    assertThat(sent).as("the bulk bound refuses more").isBetween((int) bound, (int) bound + 200);
    assertThat(link.send(data(Frame.USER, 100_000))).as("data still fits").isTrue();
    link.sendControl(new Frame.Ping(42));
    List<Frame> frames = read(sent + 2);
    int ping = -1;
    for (int i = 0; i < frames.size(); i++) {
      if (frames.get(i) instanceof Frame.Ping) {
        ping = i;
        break;
      }
    }
    assertThat(ping).as("the ping passed the queued bulk frames").isBetween(0, sent / 4);
    assertThat(((Frame.Data) frames.get(ping + 1)).id()).as("then the data frame").isEqualTo(100_000L);
  }

  @Test
  void aControlFrameQueuedBehindBulkWaitsForAtMostTheSendBufferAndOneFrame() throws Exception {
    // The peer reads nothing: the link's send buffer, the peer's small receive buffer and the
    // writer's one direct buffer fill, the rest waits in the queue. A ping queued then is written
    // after at most those bytes and the rest of one frame, counted in frames, not time.
    int sent = 0;
    while (onLoop(() -> link.send(data(Frame.BULK, 0))) && sent < 2000) {
      sent++;
    }
    int sendBuffer = ((TcpConnection) link).sendBufferBytes();
    assertThat(sendBuffer).as("the send buffer of a link with bulk frames (Linux reports twice what is set)")
        .isLessThanOrEqualTo(2 * LinkWriter.BULK_SEND_BUFFER);
    link.sendControl(new Frame.Ping(42));
    List<Frame> frames = read(sent + 1);
    int ahead = 0;
    while (!(frames.get(ahead) instanceof Frame.Ping)) {
      ahead++;
    }
    long bound = (sendBuffer + 2L * peer.getReceiveBufferSize() + LinkWriter.WRITE_CHUNK) / BULK_BODY + 2;
    assertThat(ahead).as("bulk frames ahead of the ping, of %d sent", sent).isLessThanOrEqualTo((int) bound);
  }

  @Test
  void aLinkThatReceivesBulkFramesBoundsItsReceiveBuffer() throws Exception {
    // Left alone, Linux grows the receive buffer of a link that reads in bursts (here, without
    // the bound: the JDK read back 0.2-1.5 MB after these 128 MiB, from 64 KiB); bytes
    // waiting there are ahead of any control frame the peer sends next.
    onLoop(() -> {
      link.linkUp();
      return null;
    });
    Bytes out = new Bytes(BULK_BODY + 256);
    java.io.OutputStream o = peer.getOutputStream();
    for (int i = 0; i < 2048; i++) {
      out.clear();
      FrameCodec.encode(data(Frame.BULK, i), out);
      o.write(out.array(), 0, out.size());
    }
    o.flush();
    // The peer could write 128 MiB only because the link read and decoded nearly all of it, and
    // the link bounds its buffer in the read that decodes its first bulk frame.
    int now = ((TcpConnection) link).receiveBufferBytes();
    assertThat(now)
        .as("the receive buffer after 128 MiB of bulk frames")
        .isLessThanOrEqualTo(2 * TcpConnection.BULK_RECEIVE_BUFFER);
    java.nio.file.Path rmemMax = java.nio.file.Path.of("/proc/sys/net/core/rmem_max");
    if (java.nio.file.Files.isReadable(rmemMax)) {
      // Linux: what was set, capped by rmem_max (the kernel doubles both, the JDK halves what it
      // reads back); the kernel's own tuning lands elsewhere.
      int cap;
      try (java.io.InputStream limit = java.nio.file.Files.newInputStream(rmemMax)) {
        // (Files.readString trusts the size procfs reports and returned one character here)
        cap = Integer.parseInt(new String(limit.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim());
      }
      assertThat(now).as("set, not tuned by the kernel").isEqualTo(Math.min(TcpConnection.BULK_RECEIVE_BUFFER, cap));
    }
  }

  @Test
  void framesOfAnySizeArriveWholeAndInOrderThroughTheWritersSlices() throws Exception {
    int[] sizes = {1, 100, LinkWriter.WRITE_CHUNK - 40, LinkWriter.WRITE_CHUNK, LinkWriter.WRITE_CHUNK + 1,
        (1 << 20) - 200, 3, 700_001};
    onLoop(() -> {
      for (int i = 0; i < sizes.length; i++) {
        link.send(patterned(Frame.BULK, i, sizes[i]));
        link.send(patterned(Frame.USER, 100 + i, sizes[i] % 5000));
      }
      return null;
    });
    List<Frame> frames = read(2 * sizes.length);
    List<Long> bulkIds = new ArrayList<>();
    for (Frame f : frames) {
      Frame.Data d = (Frame.Data) f;
      int size = d.id() >= 100 ? sizes[(int) d.id() - 100] % 5000 : sizes[(int) d.id()];
      assertThat(d.body()).as("body of frame %d", d.id()).isEqualTo(patterned(d.channel(), d.id(), size).body());
      if (d.channel() == Frame.BULK) {
        bulkIds.add(d.id());
      }
    }
    assertThat(bulkIds).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
  }

  @Test
  void aByeComesAfterEverythingQueuedBeforeIt() throws Exception {
    onLoop(() -> {
      link.send(data(Frame.BULK, 1));
      link.sendControl(new Frame.Bye("done"));
      link.sendControl(new Frame.Ping(1));
      return null;
    });
    List<Frame> frames = read(3);
    assertThat(frames.get(0)).isInstanceOf(Frame.Ping.class);
    assertThat(frames.get(1)).isInstanceOf(Frame.Data.class);
    assertThat(frames.get(2)).isInstanceOf(Frame.Bye.class);
  }

  private static Frame.Data data(byte channel, long id) {
    byte[] body = new byte[channel == Frame.BULK ? BULK_BODY : 100];
    return new Frame.Data(Frame.USET, channel, "fc", 1L, id, List.of("fc"), List.of("peer"), BodyCodec.RAW, body);
  }

  private static Frame.Data patterned(byte channel, long id, int size) {
    byte[] body = new byte[size];
    for (int i = 0; i < size; i++) {
      body[i] = (byte) (i * 31 + id);
    }
    return new Frame.Data(Frame.USET, channel, "fc", 1L, id, List.of("fc"), List.of("peer"), BodyCodec.RAW, body);
  }

  private List<Frame> read(int n) throws Exception {
    List<Frame> frames = new ArrayList<>();
    while (frames.size() < n) {
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      frames.add(FrameCodec.decode(ByteBuffer.wrap(bytes)));
    }
    return frames;
  }

  private <T> T onLoop(Callable<T> task) throws Exception {
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
