package io.meshage;

import io.meshage.internal.codec.Frame;
import io.meshage.internal.codec.FrameCodec;
import io.meshage.routing.Lollipop;
import io.meshage.routing.Msa;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A protocol peer driven by hand over a raw loopback socket: it handshakes with a node, sends the
 * frames a test chooses (duplicates included), reads what the node sends, and can vanish with a
 * TCP reset. It answers no PING by itself, so give the node a long keepalive timeout.
 */
final class RawPeer implements AutoCloseable {
  private static final int MAX_FRAME = 1 << 20;
  final String name;
  final long instance = System.currentTimeMillis() << 16;
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private int sequence = Lollipop.first();

  private RawPeer(String name, Socket socket) throws IOException {
    this.name = name;
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Connects to {@code node} as {@code name} (a manual dial: no namespace or degree checks). */
  static RawPeer handshake(MeshNode node, String name) throws IOException {
    Socket s = new Socket();
    s.connect(node.listenAddress(), 2000);
    s.setSoTimeout(5000);
    RawPeer p = new RawPeer(name, s);
    p.send(new Frame.Hello(Frame.VERSION, node.namespace(), name, p.instance, "", s.getLocalPort(), true));
    Frame.Hello h = p.readUntil(Frame.Hello.class, x -> true, Duration.ofSeconds(5));
    if (!h.name().equals(node.name())) {
      throw new IOException("expected HELLO of " + node.name() + ", got " + h);
    }
    return p;
  }

  /** Announces this peer's neighbours, so the node sees two-way edges and routes to it. */
  void announce(Set<String> neighbors) throws IOException {
    sequence = Lollipop.next(sequence);
    send(new Frame.MsaFrame(new Msa(name, instance, sequence, neighbors, Map.of())));
  }

  /** A DATA frame of this peer as origin. */
  Frame.Data data(byte kind, long id, java.util.List<String> recipients, String body) {
    return new Frame.Data(kind, Frame.USER, name, instance, id, java.util.List.of(name), recipients,
        io.meshage.internal.codec.BodyCodec.STRING, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  void send(Frame f) throws IOException {
    out.write(FrameCodec.toBytes(f));
    out.flush();
  }

  /** Reads frames (answering PINGs) until one of {@code type} matches; fails after {@code max}. */
  <T extends Frame> T readUntil(Class<T> type, Predicate<T> wanted, Duration max) throws IOException {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new SocketTimeoutException(name + ": no matching " + type.getSimpleName() + " within " + max);
      }
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
      Frame f = read();
      if (type.isInstance(f) && wanted.test(type.cast(f))) {
        return type.cast(f);
      }
    }
  }

  private Frame read() throws IOException {
    int length = in.readInt();
    if (length <= 0 || length > MAX_FRAME) {
      throw new IOException(name + ": frame length " + length + " out of range");
    }
    byte[] body = new byte[length];
    in.readFully(body);
    return FrameCodec.decode(ByteBuffer.wrap(body));
  }

  /** Vanishes abruptly: SO_LINGER 0 makes close send a TCP reset instead of a FIN (and no BYE). */
  void reset() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
