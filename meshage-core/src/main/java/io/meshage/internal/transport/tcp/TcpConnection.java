package io.meshage.internal.transport.tcp;

import io.meshage.internal.codec.Bytes;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.codec.FrameCodec;
import io.meshage.internal.transport.Transport;
import io.meshage.Counter;
import io.meshage.MeshStats;
import io.meshage.ProtocolException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One TCP link: a reader thread that checks every length prefix before allocating and hands
 * frames over in batches, and a writer thread that coalesces everything queued into one write.
 */
final class TcpConnection implements Transport.Connection {
  private static final Logger LOG = LogManager.getLogger(TcpConnection.class);
  private static final int WRITE_CHUNK = 256 * 1024;
  private static final int READ_BATCH = 512;

  private final String node;
  private final Socket socket;
  private final int maxFrame;
  private final int queueFrames;
  private final MeshStats stats;
  private final Consumer<TcpConnection> onClose;
  private final String remote;
  private final ConcurrentLinkedQueue<Frame> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean writerParked = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Held while bytes go to the socket, by the writer thread or by a caller writing directly. */
  private final java.util.concurrent.locks.ReentrantLock writeLock = new java.util.concurrent.locks.ReentrantLock();
  private volatile Thread writer;
  private volatile Transport.Handler handler;
  private volatile String closeReason;
  /** Frames queued so far; approximate when several threads send (a hint for keepalives). */
  private volatile long framesQueued;

  TcpConnection(
      String node, Socket socket, int maxFrame, int queueFrames, MeshStats stats,
      Consumer<TcpConnection> onClose) {
    this.node = node;
    this.socket = socket;
    this.maxFrame = maxFrame;
    this.queueFrames = queueFrames;
    this.stats = stats;
    this.onClose = onClose;
    this.remote = String.valueOf(socket.getRemoteSocketAddress());
  }

  @Override
  public void start(Transport.Handler h) {
    this.handler = h;
    Thread r = new Thread(this::readLoop, "meshage-read-" + node + "-" + remote);
    r.setDaemon(true);
    Thread w = new Thread(this::writeLoop, "meshage-write-" + node + "-" + remote);
    w.setDaemon(true);
    writer = w;
    w.start();
    r.start();
  }

  @Override
  public boolean send(Frame frame) {
    if (closed.get() || queued.get() >= queueFrames) {
      return false;
    }
    enqueue(frame);
    return true;
  }

  @Override
  public void sendControl(Frame frame) {
    if (!closed.get()) {
      enqueue(frame);
    }
  }

  @Override
  public long framesQueued() {
    return framesQueued;
  }

  private void enqueue(Frame frame) {
    framesQueued++;
    queue.add(frame);
    queued.incrementAndGet();
    if (writerParked.get() && writerParked.compareAndSet(true, false)) {
      LockSupport.unpark(writer);
    }
  }

  @Override
  public void close(String reason) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closeReason = reason;
    Thread w = writer;
    if (w != null) {
      LockSupport.unpark(w);
    } else {
      TcpTransport.closeQuietly(socket);
    }
    onClose.accept(this);
  }

  @Override
  public String remote() {
    return remote;
  }

  @Override
  public String remoteHost() {
    return socket.getInetAddress().getHostAddress();
  }

  private void readLoop() {
    String reason = "closed by peer";
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024))) {
      List<Frame> batch = new ArrayList<>();
      while (true) {
        int length = in.readInt();
        FrameCodec.checkLength(length, maxFrame);
        byte[] body = new byte[length];
        in.readFully(body);
        stats.add(Counter.BYTES_IN, length + 4L);
        Frame frame = FrameCodec.decode(ByteBuffer.wrap(body));
        if (!handler.consumedByReader(frame)) {
          batch.add(frame);
        }
        if (!batch.isEmpty() && (batch.size() >= READ_BATCH || in.available() < 4)) {
          handler.onFrames(batch);
          batch = new ArrayList<>();
        }
      }
    } catch (ProtocolException e) {
      reason = "protocol error: " + e.getMessage();
      stats.increment(Counter.PROTOCOL_ERRORS);
      LOG.warn("[{}] closing link {}: {}", node, remote, reason);
    } catch (EOFException e) {
      reason = closed.get() ? closeReason : "closed by peer";
    } catch (IOException e) {
      reason = closed.get() ? closeReason : "read failed: " + e.getMessage();
    }
    close(reason);
    handler.onClosed(reason);
  }

  private void writeLoop() {
    Bytes out = new Bytes(WRITE_CHUNK + 1024);
    try {
      OutputStream os = socket.getOutputStream();
      while (true) {
        if (queue.isEmpty()) {
          if (closed.get()) {
            break;
          }
          writerParked.set(true);
          if (queue.isEmpty() && !closed.get()) {
            LockSupport.park(this);
          }
          writerParked.set(false);
          continue;
        }
        writeLock.lock();
        try {
          Frame f;
          while ((f = queue.poll()) != null) {
            queued.decrementAndGet();
            FrameCodec.encode(f, out);
            stats.increment(Counter.FRAMES_OUT);
            if (out.size() >= WRITE_CHUNK) {
              write(os, out);
            }
          }
          if (out.size() > 0) {
            write(os, out);
          }
        } finally {
          writeLock.unlock();
        }
      }
      socket.shutdownOutput();
    } catch (IOException e) {
      LOG.debug("[{}] write to {} failed: {}", node, remote, e.toString());
    } finally {
      TcpTransport.closeQuietly(socket);
      queue.clear();
    }
  }

  /**
   * For threads other than the event loop (callers, handlers answering): when nothing is queued
   * and the writer is not writing, writes the frame at once from the calling thread, which may
   * then block on a full socket like any blocking send; otherwise queues it behind the others.
   */
  @Override
  public boolean sendFromCaller(Frame frame) {
    if (closed.get()) {
      return false;
    }
    if (queue.isEmpty() && writeLock.tryLock()) {
      try {
        if (queue.isEmpty() && !closed.get()) {
          Bytes out = new Bytes(256);
          FrameCodec.encode(frame, out);
          framesQueued++;
          stats.increment(Counter.FRAMES_OUT);
          write(socket.getOutputStream(), out);
          return true;
        }
      } catch (IOException e) {
        close("write failed: " + e.getMessage());
        return false;
      } finally {
        writeLock.unlock();
      }
    }
    return send(frame);
  }

  private void write(OutputStream os, Bytes out) throws IOException {
    os.write(out.array(), 0, out.size());
    stats.add(Counter.BYTES_OUT, out.size());
    out.clear();
  }
}
