package io.meshage.tools.files;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The limits a files transfer is set against: a plain Java socket copy of a file (file to socket
 * to file on 127.0.0.1), and the same copy with the least work the files layer's checks need (a
 * SHA-256 of every part on the receiver, on a second thread so that it overlaps the socket).
 */
final class PlainCopies {
  private PlainCopies() {}

  /** The CPU seconds this JVM spent in the last copy (every thread, the kernel's work for it included). */
  static volatile double lastCpuSeconds;

  /** File to socket to file on loopback with 1 MiB buffers; MiB/s. */
  static double plain(Path from, Path to) throws Exception {
    return copy(from, to, 0);
  }

  /**
   * The plain copy with the receiver hashing every {@code partSize} bytes with SHA-256 on a
   * second thread, overlapping the socket and the write ({@link #receiveHashed}); MiB/s.
   */
  static double hashed(Path from, Path to, int partSize) throws Exception {
    return copy(from, to, partSize);
  }

  private static double copy(Path from, Path to, int hashPart) throws Exception {
    Files.createDirectories(to.getParent());
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      long cpu0 = cpuNanos();
      long t0 = System.nanoTime();
      Thread receiver = new Thread(() -> {
        try (Socket s = server.accept();
            InputStream in = s.getInputStream();
            FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
          if (hashPart > 0) {
            receiveHashed(in, out, hashPart);
            return;
          }
          byte[] buf = new byte[1 << 20];
          int n;
          while ((n = in.read(buf)) > 0) {
            write(out, buf, n);
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      receiver.start();
      try (SocketChannel ch = SocketChannel.open(server.getLocalSocketAddress());
          FileChannel in = FileChannel.open(from, StandardOpenOption.READ)) {
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        while (in.read(buf.clear()) > 0) {
          buf.flip();
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
        }
      }
      receiver.join();
      double seconds = (System.nanoTime() - t0) / 1e9;
      lastCpuSeconds = (cpuNanos() - cpu0) / 1e9;
      return Files.size(from) / 1048576.0 / seconds;
    }
  }

  /**
   * The socket reader writes each part to the file and hands it to a second thread that hashes
   * it, so that the hash overlaps both the socket and the write (at most 8 parts queued).
   */
  private static void receiveHashed(InputStream in, FileChannel out, int part) throws Exception {
    BlockingQueue<byte[]> parts = new ArrayBlockingQueue<>(8);
    byte[] end = new byte[0];
    Exception[] failed = new Exception[1];
    Thread checker = new Thread(() -> {
      try {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        for (byte[] b = parts.take(); b != end; b = parts.take()) {
          d.update(b);
          d.digest();
        }
      } catch (Exception e) {
        failed[0] = e;
      }
    });
    checker.start();
    while (true) {
      byte[] buf = new byte[part];
      int fill = 0;
      int n = 0;
      while (fill < part && (n = in.read(buf, fill, part - fill)) > 0) {
        fill += n;
      }
      if (fill > 0) {
        write(out, buf, fill);
        parts.put(fill == part ? buf : java.util.Arrays.copyOf(buf, fill));
      }
      if (n <= 0) {
        break;
      }
    }
    parts.put(end);
    checker.join();
    if (failed[0] != null) {
      throw failed[0];
    }
  }

  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void write(FileChannel out, byte[] buf, int n) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
    while (b.hasRemaining()) {
      out.write(b);
    }
  }
}
