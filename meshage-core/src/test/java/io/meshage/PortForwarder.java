package io.meshage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP port forwarder on loopback, as a NAT or a container's published port would be: it
 * listens on an ephemeral port of 127.0.0.1 and copies each connection to and from a target
 * port set later. Counts the connections it carried.
 */
final class PortForwarder implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger carried = new AtomicInteger();
  private volatile int target;

  PortForwarder() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "forwarder-" + server.getLocalPort());
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return server.getLocalPort();
  }

  void forwardTo(int port) {
    target = port;
  }

  /** Connections carried to the target so far. */
  int carried() {
    return carried.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket in = server.accept();
        sockets.add(in);
        if (target == 0) {
          in.close();
          continue;
        }
        Socket out = new Socket();
        sockets.add(out);
        out.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 2000);
        carried.incrementAndGet();
        pump(in, out);
        pump(out, in);
      } catch (IOException e) {
        // closed, or the target refused: the caller's connection ends
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          out.write(buf, 0, n);
        }
      } catch (IOException e) {
        // one side closed
      } finally {
        try {
          to.close();
          from.close();
        } catch (IOException ignored) {
          // closing
        }
      }
    }, "forwarder-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
