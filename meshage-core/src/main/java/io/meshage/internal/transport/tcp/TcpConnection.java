package io.meshage.internal.transport.tcp;

import io.meshage.Counter;
import io.meshage.internal.NodeStats;
import io.meshage.ProtocolException;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.codec.NameRule;
import io.meshage.internal.security.SecureHandshake;
import io.meshage.internal.transport.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One TCP link on the node's event loop: a non-blocking channel in the loop's selector, read and
 * decoded there ({@link FrameReader}) and written without blocking by the loop or a sending caller
 * ({@link LinkWriter}). A keyed link exists only after its {@link KeyStep}: every write is then one
 * AES-GCM record and every record is verified before its frames are decoded. A keyless link is
 * pre-authentication until the node accepts the peer's HELLO ({@link #linkUp}): small buffers, a
 * small frame bound, and a handshake slot held.
 */
final class TcpConnection implements Transport.Connection, IoLoop.Ready, LinkWriter.Owner {
  private static final Logger LOG = LogManager.getLogger(TcpConnection.class);
  /** How long a closing link may take to hand its queued frames to a slow socket. */
  private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final String node;
  private final SocketChannel channel;
  private final IoLoop loop;
  private final int queueFrames;
  private final NodeStats stats;
  private final Consumer<TcpConnection> onClose;
  private final String remote;
  private final String remoteHost;
  /** The key step's outcome; null on a keyless node. */
  private final SecureHandshake.Session session;
  /** The handshake slot an accepted link holds until it is up; null for dialed or keyed links. */
  private final HandshakeSlots.Slot slot;
  /** Rate-limits the log lines of links closed before they were up. */
  private final LogBudget preAuthLog;
  private final FrameReader reader;
  private final LinkWriter writer;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean flushRequested = new AtomicBoolean();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final Runnable flushTask = this::requestedFlush;
  /**
   * The receive buffer asked for once bulk frames arrive on a link (the kernel holds twice that
   * for its bookkeeping); {@link LinkWriter#BULK_SEND_BUFFER} is the other side's. Without it
   * Linux grew a bulk link's buffer to 3.4 MB in the files rig, and with 16 parts in flight up to
   * 3 MiB of parts were read between an MSA's encoding and its arrival, 1 MiB with the bound.
   */
  static final int BULK_RECEIVE_BUFFER = 256 * 1024;
  /** Whether the receive buffer was bounded for bulk frames (loop thread). */
  private boolean receiveBufferBounded;
  private volatile Transport.Handler handler;
  private volatile String closeReason;
  /** The channel's key once registered with the loop's selector (loop thread). */
  private SelectionKey key;

  TcpConnection(
      String node, SocketChannel channel, IoLoop loop, int maxFrame, int queueFrames, NodeStats stats,
      Consumer<TcpConnection> onClose, SecureHandshake.Session session, HandshakeSlots.Slot slot,
      LogBudget preAuthLog) {
    this.node = node;
    this.channel = channel;
    this.loop = loop;
    this.queueFrames = queueFrames;
    this.stats = stats;
    this.onClose = onClose;
    this.session = session;
    this.slot = slot;
    this.preAuthLog = preAuthLog;
    InetSocketAddress peer = (InetSocketAddress) channel.socket().getRemoteSocketAddress();
    this.remote = String.valueOf(peer);
    this.remoteHost = peer == null ? "" : peer.getAddress().getHostAddress();
    this.reader = new FrameReader(maxFrame, LinkWriter.maxRecord(maxFrame), stats);
    this.writer = new LinkWriter(channel, stats, this);
  }

  /** Starts the link; on the loop (the link table calls it there). */
  @Override
  public void start(Transport.Handler h) {
    this.handler = h;
    try {
      channel.configureBlocking(false);
    } catch (IOException e) {
      fail("cannot configure the socket: " + e.getMessage());
      return;
    }
    reader.start(h, session == null ? null : session.in());
    writer.open(session == null ? null : session.out());
    if (session != null) {
      reader.linkUp();
    }
    onLoop(this::register);
  }

  /** The node accepted the peer's HELLO (on the loop): the pre-authentication limits end. */
  @Override
  public void linkUp() {
    reader.linkUp();
    if (slot != null) {
      slot.release();
    }
  }

  @Override
  public boolean send(Frame frame) {
    if (closed.get() || writer.queued() >= queueFrames || !writer.hasRoomFor(frame)) {
      return false;
    }
    writer.enqueue(frame);
    requestFlush();
    return true;
  }

  @Override
  public void sendControl(Frame frame) {
    if (!closed.get()) {
      writer.enqueue(frame);
      requestFlush();
    }
  }

  /** From a caller's thread: queued and written at once as far as the socket takes it, never blocking. */
  @Override
  public boolean sendFromCaller(Frame frame) {
    if (closed.get() || writer.queued() >= queueFrames || !writer.hasRoomFor(frame)) {
      return false;
    }
    writer.enqueue(frame);
    if (loop.inLoop()) {
      requestFlush();
    } else {
      writer.flush();
    }
    return true;
  }

  @Override
  public long framesQueued() {
    return writer.framesQueued();
  }

  /** The loop flushes the link once its current batch of tasks is done; other threads post the flush. */
  private void requestFlush() {
    if (flushRequested.compareAndSet(false, true)) {
      if (loop.inLoop()) {
        loop.beforeWait(flushTask);
      } else {
        loop.execute(flushTask);
      }
    }
  }

  private void requestedFlush() {
    flushRequested.set(false);
    writer.flush();
  }

  @Override
  public void close(String reason) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closeReason = reason;
    if (slot != null) {
      slot.release();
    }
    onClose.accept(this);
    if (!loop.isRunning()) {
      finish();
    } else {
      onLoop(this::closeOnLoop);
    }
  }

  /** On the loop: hands what is queued to the socket (bounded by the linger), then closes. */
  private void closeOnLoop() {
    reader.stop();
    if (key == null || !key.isValid()) {
      finish();
      return;
    }
    key.interestOps(writer.awaitingWritable() ? SelectionKey.OP_WRITE : 0);
    writer.flush();
    if (writer.idle() || !channel.isOpen()) {
      finish();
    } else {
      loop.schedule(this::finish, LINGER_NANOS);
    }
  }

  /** Closes the socket once and tells the handler (on the loop). */
  private void finish() {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    try {
      if (channel.isOpen() && writer.idle()) {
        channel.shutdownOutput();
      }
    } catch (IOException e) {
      // closing anyway
    }
    TcpTransport.closeQuietly(channel);
    writer.discard();
    Transport.Handler h = handler;
    if (h != null) {
      String reason = closeReason;
      loop.execute(() -> h.onClosed(reason));
    }
  }

  /** Closes with {@code reason} and, on the loop, lets the socket go at once. */
  private void fail(String reason) {
    close(reason);
    onLoop(this::finish);
  }

  /** The socket's send buffer now, as the kernel reports it (tests: bounded once bulk frames flow). */
  int sendBufferBytes() throws java.io.IOException {
    return writer.sendBufferBytes();
  }

  /** The read buffer's size now (tests: pre-authentication buffers stay small). */
  int readBufferBytes() {
    return reader.capacity();
  }

  @Override
  public String remote() {
    return remote;
  }

  @Override
  public String remoteHost() {
    return remoteHost;
  }

  // ---------------------------------------------------------------- loop side

  private void register() {
    if (closed.get()) {
      closeOnLoop();
      return;
    }
    try {
      key = loop.register(channel, SelectionKey.OP_READ, this);
    } catch (IOException e) {
      fail("cannot register the socket: " + e.getMessage());
      return;
    }
    if (writer.awaitingWritable()) {
      awaitWritable();
    }
    writer.flush();
  }

  @Override
  public void ready(SelectionKey k) {
    if (k.isValid() && k.isWritable()) {
      writer.writableAgain();
      k.interestOps(closed.get() ? 0 : SelectionKey.OP_READ);
      writer.flush();
      if (closed.get() && (writer.idle() || !channel.isOpen())) {
        finish();
        return;
      }
    }
    if (k.isValid() && k.isReadable() && !closed.get()) {
      readGuarded();
    }
  }

  private void readGuarded() {
    String reason;
    try {
      if (reader.fill(channel)) {
        loop.runQueuedTasks();
        if (!closed.get()) {
          reader.decodeAvailable();
          if (!receiveBufferBounded && reader.bulkArrived()) {
            boundReceiveBuffer();
          }
        }
        return;
      }
      reason = "closed by peer";
    } catch (ProtocolException e) {
      reason = "protocol error: " + e.getMessage();
      stats.increment(e instanceof NameRule.BadName ? Counter.NAMES_REFUSED : Counter.PROTOCOL_ERRORS);
      String more = reader.isUp() ? "" : preAuthLog.take(System.currentTimeMillis());
      if (more != null) {
        LOG.warn("[{}] closing link {}: {}{}", node, remote, reason, more);
      }
    } catch (IOException e) {
      reason = "read failed: " + e.getMessage();
    }
    close(reason);
  }

  /**
   * The first bulk frame arrived: bounds the socket's receive buffer, which otherwise grows to
   * megabytes on its own, so that bytes waiting in it ahead of a control frame stay few.
   */
  private void boundReceiveBuffer() {
    receiveBufferBounded = true;
    try {
      channel.setOption(StandardSocketOptions.SO_RCVBUF, BULK_RECEIVE_BUFFER);
    } catch (IOException | UnsupportedOperationException e) {
      // A socket that refuses keeps its buffer: control frames then wait longer, nothing breaks.
    }
  }

  /** The socket's receive buffer now, as the kernel reports it (tests: bounded once bulk frames arrive). */
  int receiveBufferBytes() throws IOException {
    return channel.getOption(StandardSocketOptions.SO_RCVBUF);
  }

  /** Asks the selector for OP_WRITE (any thread; the key is changed on the loop). */
  @Override
  public void awaitWritable() {
    onLoop(() -> {
      if (key != null && key.isValid() && writer.awaitingWritable()) {
        key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
      }
    });
  }

  @Override
  public void writeFailed(IOException e) {
    LOG.debug("[{}] write to {} failed: {}", node, remote, e.toString());
    fail(closed.get() ? closeReason : "write failed: " + e.getMessage());
  }

  private void onLoop(Runnable task) {
    if (loop.inLoop()) {
      task.run();
    } else if (loop.isRunning()) {
      loop.execute(task);
    } else {
      finish();
    }
  }
}
