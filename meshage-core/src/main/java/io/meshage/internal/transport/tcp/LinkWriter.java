package io.meshage.internal.transport.tcp;

import io.meshage.Counter;
import io.meshage.internal.NodeStats;
import io.meshage.internal.codec.Bytes;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.codec.FrameClass;
import io.meshage.internal.codec.FrameCodec;
import io.meshage.internal.security.RecordCipher;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The write side of one link: a queue of frames that whichever thread flushes (the event loop at
 * the end of its batch, a caller sending directly) encodes into one buffer and writes without
 * ever blocking; bytes the socket does not take wait for the selector to report the channel
 * writable, and frames queue behind them up to the link's bound. With a key every write is one
 * AES-GCM record.
 *
 * <p>Frames wait in one queue per {@link FrameClass}; a drain always takes the next frame of the
 * first class that has one, so control frames and ACKs go before data and data before bulk
 * (frames of one class keep their order). A BYE waits until everything else is written: it ends
 * the link. Bulk frames queue up to {@link #MAX_BULK_BYTES} of bodies per link.
 *
 * <p>Bytes go to the socket from one direct buffer of at most {@value #WRITE_CHUNK} bytes, filled
 * from the encoded frames a slice at a time: a bulk frame's body is copied once, straight from
 * the frame into that buffer (on a keyless link), and what the socket does not take stays there
 * (no copy of the rest). A drain stops batching after a bulk frame, so a control frame queued
 * meanwhile waits at most for the rest of that frame and one buffer. The kernel's send buffer is
 * the other place where bytes wait ahead of a control frame, and it grows to megabytes on its
 * own; so once a link carries bulk frames its send buffer is set to {@link #BULK_SEND_BUFFER}.
 */
final class LinkWriter {
  static final int WRITE_CHUNK = 256 * 1024;
  /** The first direct buffer of a link (a link that never comes up writes a HELLO at most). */
  private static final int FIRST_BUFFER = 8 * 1024;
  /**
   * The socket send buffer asked for once a link carries bulk frames (Linux doubles it): bytes in
   * it wait ahead of any control frame, so it bounds their delay; loopback and LAN links still
   * fill it many times a millisecond.
   */
  static final int BULK_SEND_BUFFER = 256 * 1024;
  /** Most body bytes of bulk frames queued on one link; more are refused (the sender asks again). */
  static final long MAX_BULK_BYTES = 32L << 20;
  private static final int CLASSES = FrameClass.values().length;

  /** What the writer needs of its connection: to wait for writability and to fail. */
  interface Owner {
    /** The channel took only part of a write: wait for OP_WRITE (any thread). */
    void awaitWritable();

    /** A write failed: the link is broken (any thread). */
    void writeFailed(IOException e);
  }

  private final SocketChannel channel;
  private final NodeStats stats;
  private final Owner owner;
  /**
   * Frames to write, one queue per {@link FrameClass} in sending order and a last one for BYE;
   * drained by whoever holds {@link #lock}.
   */
  private final ConcurrentLinkedQueue<Frame>[] queues;
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong bulkBytes = new AtomicLong();
  /**
   * Held while frames are encoded and bytes go to the channel; guards {@link #out}, {@link
   * #direct}, {@link #staged}, {@link #body}.
   */
  private final ReentrantLock lock = new ReentrantLock();
  /** Starts small (a link that never comes up writes a HELLO at most) and grows with what is written. */
  private final Bytes out = new Bytes(1024);
  /** Bytes for the socket (between position and limit), written before anything else. */
  private ByteBuffer direct = ByteBuffer.allocateDirect(FIRST_BUFFER).flip();
  /** Encoded (or sealed) bytes not yet in {@link #direct}; null when none. */
  private ByteBuffer staged;
  /** The rest of a bulk frame's body, written after {@link #staged} (its head); null when none. */
  private ByteBuffer body;
  /** Whether bytes of frames already taken from the queues are still to be written. */
  private volatile boolean hasPending;
  /** Whether the send buffer was bounded for bulk frames (under the lock). */
  private boolean sendBufferBounded;
  /** Set while the selector is asked to report the channel writable; flushes wait for it. */
  private volatile boolean awaitingWritable;
  /** Whether bytes may go out yet (after the key step, when there is one). */
  private volatile boolean writable;
  /** Seals what this side writes; set before {@link #writable}, then fixed. Null on a keyless link. */
  private volatile RecordCipher sealer;
  /**
   * Frames queued so far; approximate when several threads send (a hint for keepalives). Written
   * and read through {@link #FRAMES_QUEUED} with opaque access: no fence per frame.
   */
  @SuppressWarnings("unused")
  private long framesQueued;
  private static final VarHandle FRAMES_QUEUED;

  static {
    try {
      FRAMES_QUEUED = MethodHandles.lookup().findVarHandle(LinkWriter.class, "framesQueued", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The size bound of one sealed record: a coalesced write plus one frame and the tag. */
  static int maxRecord(int maxFrame) {
    return WRITE_CHUNK + maxFrame + 4 + RecordCipher.TAG_BYTES;
  }

  @SuppressWarnings("unchecked")
  LinkWriter(SocketChannel channel, NodeStats stats, Owner owner) {
    this.channel = channel;
    this.stats = stats;
    this.owner = owner;
    this.queues = new ConcurrentLinkedQueue[CLASSES + 1];
    for (int i = 0; i < queues.length; i++) {
      queues[i] = new ConcurrentLinkedQueue<>();
    }
  }

  /** Lets bytes go out, sealed with {@code recordSealer} when it is not null. */
  void open(RecordCipher recordSealer) {
    sealer = recordSealer;
    writable = true;
  }

  void enqueue(Frame frame) {
    FRAMES_QUEUED.setOpaque(this, (long) FRAMES_QUEUED.getOpaque(this) + 1);
    queued.incrementAndGet();
    int q;
    if (frame instanceof Frame.Bye) {
      q = CLASSES;
    } else {
      q = FrameClass.of(frame).ordinal();
      if (q == FrameClass.BULK.ordinal()) {
        bulkBytes.addAndGet(((Frame.Data) frame).body().length);
      }
    }
    queues[q].add(frame);
  }

  /** Whether {@code frame} fits: bulk frames only while the link holds less than its bulk bound. */
  boolean hasRoomFor(Frame frame) {
    return !(frame instanceof Frame.Data d && d.channel() == Frame.BULK) || bulkBytes.get() < MAX_BULK_BYTES;
  }

  /** The next frame to write: the first of the first class that has one; null when none waits. */
  private Frame poll() {
    for (int i = 0; i < queues.length; i++) {
      Frame f = queues[i].poll();
      if (f != null) {
        if (i == FrameClass.BULK.ordinal()) {
          bulkBytes.addAndGet(-((Frame.Data) f).body().length);
        }
        return f;
      }
    }
    return null;
  }

  private boolean queuesEmpty() {
    for (ConcurrentLinkedQueue<Frame> q : queues) {
      if (!q.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  int queued() {
    return queued.get();
  }

  long framesQueued() {
    return (long) FRAMES_QUEUED.getOpaque(this);
  }

  /** Whether everything queued has gone to the socket. */
  boolean idle() {
    return !hasPending && queuesEmpty();
  }

  /** The selector reported the channel writable (loop): flushes may write again. */
  void writableAgain() {
    awaitingWritable = false;
  }

  /** Whether a flush waits for the selector. */
  boolean awaitingWritable() {
    return awaitingWritable;
  }

  /** Drops what is queued (the link is closed); waits for a flush in progress (it does not block). */
  void discard() {
    lock.lock();
    try {
      for (ConcurrentLinkedQueue<Frame> q : queues) {
        q.clear();
      }
      queued.set(0);
      bulkBytes.set(0);
      staged = null;
      body = null;
      direct.clear().flip();
      hasPending = false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes what is queued as far as the socket takes it without blocking, from any thread. When
   * another thread is writing, that thread sees the new frames once it lets go, so none is left
   * behind.
   */
  void flush() {
    do {
      if (!writable || awaitingWritable || !lock.tryLock()) {
        return;
      }
      try {
        drain();
      } catch (IOException e) {
        owner.writeFailed(e);
        return;
      } finally {
        lock.unlock();
      }
    } while (writable && !awaitingWritable && !idle() && channel.isOpen());
  }

  private void drain() throws IOException {
    try {
      while (true) {
        if (direct.hasRemaining()) {
          int n = channel.write(direct);
          stats.add(Counter.BYTES_OUT, n);
          if (direct.hasRemaining()) {
            waitForWritable();
            return;
          }
        }
        refill();
        if (!direct.hasRemaining()) {
          return;
        }
      }
    } finally {
      hasPending = direct.hasRemaining() || remains(staged) || remains(body);
    }
  }

  private static boolean remains(ByteBuffer b) {
    return b != null && b.hasRemaining();
  }

  /** Fills the (empty) direct buffer from what is staged, the body, then newly encoded frames. */
  private void refill() throws IOException {
    direct.clear();
    while (direct.hasRemaining()) {
      if (remains(staged)) {
        copy(staged);
      } else if (remains(body)) {
        copy(body);
      } else {
        staged = null;
        body = null;
        if (!encodeNext()) {
          break;
        }
        if (direct.capacity() < WRITE_CHUNK && direct.position() == 0
            && staged.remaining() + (body == null ? 0 : body.remaining()) > direct.capacity()) {
          direct = ByteBuffer.allocateDirect(WRITE_CHUNK);
        }
      }
    }
    direct.flip();
  }

  private void copy(ByteBuffer from) {
    int n = Math.min(from.remaining(), direct.remaining());
    int limit = from.limit();
    from.limit(from.position() + n);
    direct.put(from);
    from.limit(limit);
  }

  /**
   * Encodes the next frames into {@link #staged} (and a keyless bulk frame's body into {@link
   * #body}): up to {@value #WRITE_CHUNK} bytes of frames, or up to and including the first bulk
   * frame, so that a control frame queued meanwhile goes next; false when nothing waits.
   */
  private boolean encodeNext() {
    out.clear();
    RecordCipher s = sealer;
    Frame f;
    int taken = 0;
    try {
      while (out.size() < WRITE_CHUNK && (f = poll()) != null) {
        taken++;
        if (f instanceof Frame.Data d && d.channel() == Frame.BULK) {
          boundSendBuffer();
          if (s == null) {
            FrameCodec.encodeHead(d, out);
            body = ByteBuffer.wrap(d.body());
          } else {
            FrameCodec.encode(f, out);
          }
          break;
        }
        FrameCodec.encode(f, out);
      }
    } finally {
      if (taken > 0) {
        queued.addAndGet(-taken);
        stats.add(Counter.FRAMES_OUT, taken);
      }
    }
    if (out.size() == 0) {
      return false;
    }
    if (s == null) {
      staged = ByteBuffer.wrap(out.array(), 0, out.size());
    } else {
      int n = s.seal(out.array(), 0, out.size());
      staged = ByteBuffer.wrap(s.sealed(), 0, n);
    }
    return true;
  }

  /** The first bulk frame of this link: bounds the socket's send buffer (see the class comment). */
  private void boundSendBuffer() {
    if (sendBufferBounded) {
      return;
    }
    sendBufferBounded = true;
    try {
      channel.setOption(StandardSocketOptions.SO_SNDBUF, BULK_SEND_BUFFER);
    } catch (IOException | UnsupportedOperationException e) {
      // A socket that refuses keeps its buffer: bulk frames then wait longer, nothing breaks.
    }
  }

  /** The socket's send buffer now (tests). */
  int sendBufferBytes() throws IOException {
    return channel.getOption(StandardSocketOptions.SO_SNDBUF);
  }

  private void waitForWritable() {
    awaitingWritable = true;
    owner.awaitWritable();
  }
}
