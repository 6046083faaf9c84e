package io.meshage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP relay on loopback between a dialer and a node that records every byte in both
 * directions, per connection, so a test can look at what an eavesdropper on the wire would see
 * (and replay it).
 */
final class CapturingRelay implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final List<Socket> sockets = new ArrayList<>();
  /** Bytes from dialers to the node, one stream per relayed connection. */
  final List<ByteArrayOutputStream> toNode = new ArrayList<>();
  /** Bytes from the node back to dialers. */
  final List<ByteArrayOutputStream> fromNode = new ArrayList<>();

  CapturingRelay(InetSocketAddress target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "capturing-relay");
    t.setDaemon(true);
    t.start();
  }

  /** The address to dial instead of the node's. */
  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket in = server.accept();
        Socket out = new Socket();
        out.connect(target, 2000);
        ByteArrayOutputStream up = new ByteArrayOutputStream();
        ByteArrayOutputStream down = new ByteArrayOutputStream();
        synchronized (this) {
          sockets.add(in);
          sockets.add(out);
          toNode.add(up);
          fromNode.add(down);
        }
        pump(in.getInputStream(), out.getOutputStream(), up, out);
        pump(out.getInputStream(), in.getOutputStream(), down, in);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(InputStream from, OutputStream to, ByteArrayOutputStream record, Socket peer) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              try {
                int n;
                while ((n = from.read(buf)) > 0) {
                  synchronized (record) {
                    record.write(buf, 0, n);
                  }
                  to.write(buf, 0, n);
                }
              } catch (IOException e) {
                // one side went away
              }
              try {
                peer.shutdownOutput();
              } catch (IOException e) {
                // already closed
              }
            },
            "capturing-relay-pump");
    t.setDaemon(true);
    t.start();
  }

  /** Everything captured in both directions, as ISO-8859-1 text (one char per byte) for searching. */
  synchronized String allBytesAsText() {
    StringBuilder sb = new StringBuilder();
    for (ByteArrayOutputStream b : toNode) {
      sb.append(text(b));
    }
    for (ByteArrayOutputStream b : fromNode) {
      sb.append(text(b));
    }
    return sb.toString();
  }

  synchronized long capturedBytes() {
    long n = 0;
    for (ByteArrayOutputStream b : toNode) {
      n += b.size();
    }
    for (ByteArrayOutputStream b : fromNode) {
      n += b.size();
    }
    return n;
  }

  /** What the first relayed dialer sent to the node. */
  synchronized byte[] firstDialerBytes() {
    synchronized (toNode.get(0)) {
      return toNode.get(0).toByteArray();
    }
  }

  private static String text(ByteArrayOutputStream b) {
    synchronized (b) {
      return new String(b.toByteArray(), StandardCharsets.ISO_8859_1);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
