package io.meshage.tools.flood;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The three unauthenticated floods, all from one loopback source address to one loopback target,
 * each stopping at its deadline or after a total number of connection attempts, whichever first:
 *
 * <ul>
 *   <li><b>idle</b>: holds {@code idle} connected sockets that send nothing, opening a new one
 *       whenever the node closes one;
 *   <li><b>claim</b>: {@code claimers} connections at a time, each claiming a 10 MiB frame (4
 *       bytes of length and 1 KiB of it), then waiting for the node to close it;
 *   <li><b>pre-auth</b>: {@code preAuth} connections at a time that do the clear part of the key
 *       step with the node's public key id, read its answer, then claim a maximum-size record
 *       instead of proving the key.
 * </ul>
 */
final class Floods implements AutoCloseable {
  enum Kind {
    IDLE,
    CLAIM,
    PRE_AUTH
  }

  /** The largest record a keyed link takes: a 256 KiB write, a 1 MiB frame, prefix and tag. */
  private static final int MAX_RECORD = 256 * 1024 + (1 << 20) + 4 + 16;
  private static final int KEY_STEP_MAGIC = 0x4D534831;
  private static final int KEY_STEP_VERSION = 2;

  private final InetSocketAddress target;
  private final InetAddress from;
  private final int keyIdBits;
  private final long deadlineNanos;
  private final long maxAttempts;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong[] attempts = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
  private final AtomicLong[] closedByNode = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
  private final List<Thread> threads = new ArrayList<>();

  Floods(InetSocketAddress target, InetAddress from, String keyId, long deadlineNanos, long maxAttempts) {
    this.target = target;
    this.from = from;
    this.keyIdBits = (int) Long.parseLong(keyId, 16);
    this.deadlineNanos = deadlineNanos;
    this.maxAttempts = maxAttempts;
  }

  void start(int idle, int claimers, int preAuth) {
    spawn("flood-idle", () -> idle(idle));
    for (int i = 0; i < claimers; i++) {
      spawn("flood-claim-" + i, () -> repeat(Kind.CLAIM, this::claim));
    }
    for (int i = 0; i < preAuth; i++) {
      spawn("flood-preauth-" + i, () -> repeat(Kind.PRE_AUTH, this::preAuth));
    }
  }

  long attempts(Kind k) {
    return attempts[k.ordinal()].get();
  }

  long closedByNode(Kind k) {
    return closedByNode[k.ordinal()].get();
  }

  private boolean running() {
    long total = attempts[0].get() + attempts[1].get() + attempts[2].get();
    return !stop.get() && System.nanoTime() < deadlineNanos && total < maxAttempts;
  }

  private void spawn(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  private interface Attempt {
    void run() throws IOException;
  }

  private void repeat(Kind kind, Attempt attempt) {
    while (running()) {
      attempts[kind.ordinal()].incrementAndGet();
      try {
        attempt.run();
      } catch (IOException e) {
        // refused, reset or timed out: the next attempt
      }
    }
  }

  private Socket open() throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(from, 0));
    s.connect(target, 1000);
    s.setSoTimeout(3000);
    return s;
  }

  /** Waits until the node closes {@code s} (counted) or the read times out. */
  private void awaitClose(Kind kind, InputStream in) throws IOException {
    byte[] sink = new byte[512];
    while (in.read(sink) >= 0) {
      // the node's answer, if any
    }
    closedByNode[kind.ordinal()].incrementAndGet();
  }

  private void claim() throws IOException {
    try (Socket s = open()) {
      ByteBuffer b = ByteBuffer.allocate(4 + 1024);
      b.putInt(10 << 20);
      s.getOutputStream().write(b.array());
      awaitClose(Kind.CLAIM, s.getInputStream());
    }
  }

  private void preAuth() throws IOException {
    try (Socket s = open()) {
      byte[] nonce = new byte[32];
      new SecureRandom().nextBytes(nonce);
      ByteBuffer opening = ByteBuffer.allocate(41).putInt(KEY_STEP_MAGIC).put((byte) KEY_STEP_VERSION)
          .putInt(keyIdBits).put(nonce);
      s.getOutputStream().write(opening.array());
      DataInputStream in = new DataInputStream(s.getInputStream());
      in.readFully(new byte[10 + 32 + 32]);
      ByteBuffer claim = ByteBuffer.allocate(4 + 4096);
      claim.putInt(MAX_RECORD);
      s.getOutputStream().write(claim.array());
      awaitClose(Kind.PRE_AUTH, in);
    }
  }

  /** Keeps {@code n} idle connections open, replacing each one the node closes. */
  private void idle(int n) {
    try (Selector selector = Selector.open()) {
      int open = 0;
      ByteBuffer sink = ByteBuffer.allocate(512);
      while (running()) {
        while (open < n && running()) {
          attempts[Kind.IDLE.ordinal()].incrementAndGet();
          try {
            SocketChannel c = SocketChannel.open();
            c.bind(new InetSocketAddress(from, 0));
            c.connect(target);
            c.configureBlocking(false);
            c.register(selector, SelectionKey.OP_READ);
            open++;
          } catch (IOException e) {
            break;
          }
        }
        selector.select(100);
        for (SelectionKey k : selector.selectedKeys()) {
          SocketChannel c = (SocketChannel) k.channel();
          try {
            sink.clear();
            if (c.read(sink) < 0) {
              closedByNode[Kind.IDLE.ordinal()].incrementAndGet();
              k.cancel();
              c.close();
              open--;
            }
          } catch (IOException e) {
            k.cancel();
            closeQuietly(c);
            open--;
          }
        }
        selector.selectedKeys().clear();
      }
      for (SelectionKey k : selector.keys()) {
        closeQuietly(k.channel());
      }
    } catch (IOException e) {
      System.err.println("idle flood stopped: " + e);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing anyway
    }
  }

  /** Stops every flood and waits for its threads (their sockets are closed by then). */
  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    for (Thread t : threads) {
      t.join(5000);
    }
  }
}
