package io.meshage;

import io.meshage.internal.codec.Bytes;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.codec.FrameCodec;
import io.meshage.internal.keys.Keyring;
import io.meshage.internal.security.RecordCipher;
import io.meshage.internal.security.SecureHandshake;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-driven peer that runs the key step with a keyed node (with whatever key the test gives
 * it) and then writes records of its choosing: proper sealed frames, sealed garbage, or raw bytes.
 */
final class KeyedRawPeer implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final SecureHandshake.Session session;

  private KeyedRawPeer(Socket socket, byte[] key) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(5000);
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    this.session = new SecureHandshake(new Keyring(List.of(key)), new SecureRandom()).dial(in, out);
  }

  /** Connects to {@code node} and runs the key step; throws when the node refuses the key. */
  static KeyedRawPeer connect(MeshNode node, byte[] key) throws IOException {
    Socket s = new Socket();
    s.connect(node.listenAddress(), 2000);
    return new KeyedRawPeer(s, key);
  }

  /** Seals {@code frames} into one record. */
  void send(Frame... frames) throws IOException {
    Bytes b = new Bytes(256);
    for (Frame f : frames) {
      FrameCodec.encode(f, b);
    }
    sendPlaintextRecord(b.toArray());
  }

  /** Seals arbitrary bytes as one authentic record (its contents may be garbage). */
  void sendPlaintextRecord(byte[] plain) throws IOException {
    RecordCipher c = session.out();
    int n = c.seal(plain, 0, plain.length);
    out.write(c.sealed(), 0, n);
    out.flush();
  }

  void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Reads and opens records until the node closes; returns the frames it sent. */
  List<Frame> readUntilClosed() throws IOException {
    List<Frame> frames = new ArrayList<>();
    try {
      while (true) {
        int length = in.readInt();
        byte[] record = new byte[length];
        in.readFully(record);
        ByteBuffer plain = ByteBuffer.wrap(session.in().open(record, length));
        while (plain.hasRemaining()) {
          int fl = plain.getInt();
          frames.add(FrameCodec.decode(plain.slice(plain.position(), fl)));
          plain.position(plain.position() + fl);
        }
      }
    } catch (EOFException | java.net.SocketException e) {
      return frames;
    }
  }

  /** Reads the next frame(s) of one record. */
  List<Frame> readRecord() throws IOException {
    int length = in.readInt();
    byte[] record = new byte[length];
    in.readFully(record);
    ByteBuffer plain = ByteBuffer.wrap(session.in().open(record, length));
    List<Frame> frames = new ArrayList<>();
    while (plain.hasRemaining()) {
      int fl = plain.getInt();
      frames.add(FrameCodec.decode(plain.slice(plain.position(), fl)));
      plain.position(plain.position() + fl);
    }
    return frames;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
