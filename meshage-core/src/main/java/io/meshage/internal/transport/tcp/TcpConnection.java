package io.meshage.internal.transport.tcp;

import io.meshage.internal.codec.Bytes;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.codec.FrameCodec;
import io.meshage.internal.codec.NameCache;
import io.meshage.internal.transport.Transport;
import io.meshage.Counter;
import io.meshage.MeshStats;
import io.meshage.ProtocolException;
import io.meshage.internal.security.RecordCipher;
import io.meshage.internal.security.SecureHandshake;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
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
 * With a namespace key the reader first runs the {@link SecureHandshake}; then every coalesced
 * write is one AES-GCM record, and the reader verifies each record before decoding its frames.
 */
final class TcpConnection implements Transport.Connection {
  private static final Logger LOG = LogManager.getLogger(TcpConnection.class);
  private static final int WRITE_CHUNK = 256 * 1024;
  private static final int READ_BATCH = 512;
  private static final int READ_BUFFER = 64 * 1024;

  private final String node;
  private final Socket socket;
  private final int maxFrame;
  private final int queueFrames;
  private final MeshStats stats;
  private final Consumer<TcpConnection> onClose;
  private final String remote;
  /** Null on a keyless node. */
  private final SecureHandshake security;
  private final boolean dialer;
  private final int handshakeMillis;
  /** Seals what this side writes; set by the reader before the writer starts, then fixed. */
  private volatile RecordCipher sealer;
  /** Whether frames may go to the socket (after the key step, when there is one). */
  private volatile boolean writable;
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
      Consumer<TcpConnection> onClose, SecureHandshake security, boolean dialer, int handshakeMillis) {
    this.security = security;
    this.dialer = dialer;
    this.handshakeMillis = handshakeMillis;
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
    if (security == null) {
      startWriter();
    }
    r.start();
  }

  private void startWriter() {
    Thread w = new Thread(this::writeLoop, "meshage-write-" + node + "-" + remote);
    w.setDaemon(true);
    writer = w;
    writable = true;
    w.start();
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
    try (InputStream raw = socket.getInputStream()) {
      if (security != null) {
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 64 * 1024));
        readSealed(in, keyStep(in));
      } else {
        readPlain(raw);
      }
    } catch (java.net.SocketTimeoutException e) {
      reason = "key step timed out after " + handshakeMillis + " ms";
      stats.increment(Counter.LINK_AUTH_FAILED);
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

  /**
   * Reads frames of a keyless link straight into one buffer (grown for a long frame only after its
   * length passed the check, shrunk again when empty) and decodes them in place; only DATA bodies
   * are copied out. Everything decoded from one read goes to the node as one batch.
   */
  private void readPlain(InputStream in) throws IOException {
    byte[] buf = new byte[READ_BUFFER];
    ByteBuffer view = ByteBuffer.wrap(buf);
    NameCache names = new NameCache();
    List<Frame> batch = new ArrayList<>();
    int start = 0;
    int end = 0;
    while (true) {
      while (end - start >= 4) {
        int length = ((buf[start] & 0xFF) << 24) | ((buf[start + 1] & 0xFF) << 16) | ((buf[start + 2] & 0xFF) << 8)
            | (buf[start + 3] & 0xFF);
        FrameCodec.checkLength(length, maxFrame);
        if (end - start - 4 < length) {
          if (length + 4 > buf.length) {
            byte[] bigger = new byte[length + 4];
            System.arraycopy(buf, start, bigger, 0, end - start);
            end -= start;
            start = 0;
            buf = bigger;
            view = ByteBuffer.wrap(buf);
          }
          break;
        }
        stats.add(Counter.BYTES_IN, length + 4L);
        view.clear().position(start + 4).limit(start + 4 + length);
        Frame frame = FrameCodec.decode(view, names);
        start += 4 + length;
        if (!handler.consumedByReader(frame)) {
          batch.add(frame);
        }
        if (batch.size() >= READ_BATCH) {
          handler.onFrames(batch);
          batch = new ArrayList<>();
        }
      }
      if (!batch.isEmpty()) {
        handler.onFrames(batch);
        batch = new ArrayList<>();
      }
      if (start == end && buf.length > READ_BUFFER) {
        buf = new byte[READ_BUFFER];
        view = ByteBuffer.wrap(buf);
        start = 0;
        end = 0;
      } else if (start > 0) {
        System.arraycopy(buf, start, buf, 0, end - start);
        end -= start;
        start = 0;
      }
      int n = in.read(buf, end, buf.length - end);
      if (n < 0) {
        throw new EOFException();
      }
      end += n;
    }
  }

  /** Runs the key step (bounded by the handshake timeout), then lets the writer go. */
  private RecordCipher keyStep(DataInputStream in) throws IOException {
    SecureHandshake.Session session;
    socket.setSoTimeout(handshakeMillis);
    try {
      OutputStream os = socket.getOutputStream();
      session = dialer ? security.dial(in, os) : security.accept(in, os);
    } catch (ProtocolException e) {
      stats.increment(Counter.LINK_AUTH_FAILED);
      throw new ProtocolException("key step with " + remote + " failed: " + e.getMessage());
    } catch (EOFException e) {
      stats.increment(Counter.LINK_AUTH_FAILED);
      throw new ProtocolException("peer " + remote + " closed during the key step (does it hold a namespace key?)");
    }
    socket.setSoTimeout(0);
    LOG.debug("[{}] link {} keyed with {}", node, remote, session.keyId());
    sealer = session.out();
    if (!closed.get()) {
      startWriter();
    }
    return session.in();
  }

  /** Reads AES-GCM records, each verified before any of its frames is decoded; never returns. */
  private void readSealed(DataInputStream in, RecordCipher opener) throws IOException {
    int maxRecord = WRITE_CHUNK + maxFrame + 4 + RecordCipher.TAG_BYTES;
    byte[] record = new byte[64 * 1024];
    List<Frame> batch = new ArrayList<>();
    while (true) {
      int length = in.readInt();
      if (length < RecordCipher.TAG_BYTES || length > maxRecord) {
        throw new ProtocolException("record length " + length + " outside [" + RecordCipher.TAG_BYTES + ", " + maxRecord + "]");
      }
      if (record.length < length) {
        record = new byte[Math.max(length, Math.min(maxRecord, record.length * 2))];
      }
      in.readFully(record, 0, length);
      stats.add(Counter.BYTES_IN, length + 4L);
      ByteBuffer plain;
      try {
        plain = ByteBuffer.wrap(opener.open(record, length));
      } catch (ProtocolException e) {
        stats.increment(Counter.LINK_AUTH_FAILED);
        throw e;
      }
      while (plain.hasRemaining()) {
        if (plain.remaining() < 4) {
          throw new ProtocolException("record ends inside a frame's length prefix");
        }
        int frameLength = plain.getInt();
        FrameCodec.checkLength(frameLength, maxFrame);
        if (frameLength > plain.remaining()) {
          throw new ProtocolException("frame of " + frameLength + " bytes overruns its record");
        }
        ByteBuffer body = plain.slice(plain.position(), frameLength);
        plain.position(plain.position() + frameLength);
        Frame frame = FrameCodec.decode(body);
        if (!handler.consumedByReader(frame)) {
          batch.add(frame);
        }
        if (batch.size() >= READ_BATCH) {
          handler.onFrames(batch);
          batch = new ArrayList<>();
        }
      }
      if (!batch.isEmpty() && in.available() < 4) {
        handler.onFrames(batch);
        batch = new ArrayList<>();
      }
    }
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
    if (writable && queue.isEmpty() && writeLock.tryLock()) {
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
    RecordCipher s = sealer;
    if (s == null) {
      os.write(out.array(), 0, out.size());
      stats.add(Counter.BYTES_OUT, out.size());
    } else {
      int n = s.seal(out.array(), 0, out.size());
      os.write(s.sealed(), 0, n);
      stats.add(Counter.BYTES_OUT, n);
    }
    out.clear();
  }
}
