package io.meshage.tools.files;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The limit the MSA probe's latency is set against: the same hand-offs without the mesh. The
 * caller queues a value for a sender thread and wakes its selector, the sender writes 150 bytes to
 * a loopback socket, a receiver thread waiting in its selector reads them and publishes the value,
 * and the caller polls for it every 50 us; every 100 ms, as the probe does. Whatever this takes
 * is the machine's (thread wake-ups, the loopback write), not the mesh's.
 */
final class PlainHop {
  private PlainHop() {}

  private static volatile long seen;

  /** {@code count} hops, 100 ms apart; nanoseconds. */
  static Histogram measure(int count) throws Exception {
    return measure(count, () -> false);
  }

  /** Hops 100 ms apart, {@code count} of them or until {@code stop} says so; nanoseconds. */
  static Histogram measure(int count, java.util.function.BooleanSupplier stop) throws Exception {
    Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    try (ServerSocketChannel server = ServerSocketChannel.open();
        Selector senderWait = Selector.open();
        Selector receiverWait = Selector.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      try (SocketChannel out = SocketChannel.open(server.getLocalAddress());
          SocketChannel in = server.accept()) {
        out.setOption(StandardSocketOptions.TCP_NODELAY, true);
        out.configureBlocking(false);
        in.configureBlocking(false);
        in.register(receiverWait, SelectionKey.OP_READ);
        ConcurrentLinkedQueue<Long> queued = new ConcurrentLinkedQueue<>();
        Thread sender = new Thread(() -> send(senderWait, queued, out), "plain-hop-sender");
        Thread receiver = new Thread(() -> receive(receiverWait, in), "plain-hop-receiver");
        sender.setDaemon(true);
        receiver.setDaemon(true);
        sender.start();
        receiver.start();
        for (long v = 1; v <= count && !stop.getAsBoolean(); v++) {
          long t0 = System.nanoTime();
          queued.add(v);
          senderWait.wakeup();
          while (seen != v && System.nanoTime() - t0 < 1_000_000_000L) {
            LockSupport.parkNanos(50_000);
          }
          h.recordValue(Math.min(h.getHighestTrackableValue(), System.nanoTime() - t0));
          Thread.sleep(100);
        }
        sender.interrupt();
        receiver.interrupt();
      }
    }
    return h;
  }

  private static void send(Selector wait, ConcurrentLinkedQueue<Long> queued, SocketChannel out) {
    ByteBuffer b = ByteBuffer.allocateDirect(150);
    try {
      while (wait.isOpen() && !Thread.currentThread().isInterrupted()) {
        wait.select();
        Long v;
        while ((v = queued.poll()) != null) {
          b.clear().putLong(v).position(150).flip();
          while (b.hasRemaining()) {
            out.write(b);
          }
        }
      }
    } catch (Exception e) {
      // closed at the end of the measurement
    }
  }

  private static void receive(Selector wait, SocketChannel in) {
    ByteBuffer b = ByteBuffer.allocate(1 << 16);
    try {
      while (wait.isOpen() && !Thread.currentThread().isInterrupted()) {
        wait.select();
        wait.selectedKeys().clear();
        if (in.read(b) < 0) {
          return;
        }
        int whole = b.position() / 150 * 150;
        if (whole > 0) {
          seen = b.getLong(whole - 150);
          b.flip().position(whole);
          b.compact();
        }
      }
    } catch (Exception e) {
      // closed at the end of the measurement
    }
  }
}
