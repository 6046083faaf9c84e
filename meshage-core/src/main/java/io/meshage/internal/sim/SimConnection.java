package io.meshage.internal.sim;

import io.meshage.internal.codec.Frame;
import io.meshage.internal.codec.FrameCodec;
import io.meshage.internal.transport.Transport;
import io.meshage.Counter;
import io.meshage.internal.NodeStats;
import io.meshage.ProtocolException;
import io.meshage.internal.security.RecordCipher;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One end of an in-memory link: FIFO delivery after the link delay, subject to loss, partitions
 * and duplicated data. In wire mode on a keyed link every frame travels as one AES-GCM record,
 * verified at the receiver before it is decoded.
 */
final class SimConnection implements Transport.Connection {
  private final SimNetwork net;
  final SimTransport transport;
  SimConnection peer;
  private Transport.Handler handler;
  private boolean closed;
  // Frames sent and not yet arrived: this end counts them from its batches' arrival times (the
  // receiving end may run on another partition's thread).
  private int inFlight;
  private final java.util.ArrayDeque<Batch> unarrived = new java.util.ArrayDeque<>();
  private long lastArrival;
  /** The last delivery scheduled on this link while it has not arrived (null after). */
  private Batch open;
  private long framesQueued;
  /** This end's node name and the peer's, set at the first frame (owner only). */
  private String from;
  private String dest;
  /** Wire mode on a keyed link: this end's record ciphers (both null otherwise). */
  private RecordCipher sealer;
  private RecordCipher opener;

  SimConnection(SimNetwork net, SimTransport transport) {
    this.net = net;
    this.transport = transport;
  }

  void keyed(RecordCipher out, RecordCipher in) {
    this.sealer = out;
    this.opener = in;
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public void start(Transport.Handler h) {
    this.handler = h;
  }

  @Override
  public boolean send(Frame frame) {
    if (closed || inFlight() >= 65_536) {
      return false;
    }
    transmit(frame);
    return true;
  }

  @Override
  public void sendControl(Frame frame) {
    if (!closed) {
      transmit(frame);
    }
  }

  @Override
  public long framesQueued() {
    return framesQueued;
  }

  private int inFlight() {
    long now = part().now;
    while (!unarrived.isEmpty() && unarrived.peekFirst().arrival <= now) {
      Batch b = unarrived.pollFirst();
      inFlight -= b.more == null ? 1 : 1 + b.more.size();
    }
    return inFlight;
  }

  private Partition part() {
    return transport.owner().part;
  }

  private void transmit(Frame frame) {
    framesQueued++;
    SimConnection to = peer;
    if (dest == null) {
      // the names of both ends, kept: reading them through the nodes costs two cache misses a frame
      from = transport.name();
      dest = to.transport.name();
    }
    if (net.blocked(from, dest)) {
      return;
    }
    Partition part = part();
    long wire = net.delay(from, dest);
    while (net.loss > 0 && part.random.nextDouble() < net.loss) {
      wire += net.retransmitNanos;
    }
    inFlight();
    inFlight++;
    Object item = net.wire ? encode(frame) : frame;
    if (open != null && open.arrival == lastArrival && part.now + wire <= lastArrival + 1 && open.arrival > part.now) {
      // queued right behind a delivery still on the wire: it arrives with it, as TCP would
      open.add(item);
    } else {
      lastArrival = Math.max(part.now + wire, lastArrival + 1);
      deliver(to, item, lastArrival);
    }
    if (frame instanceof Frame.Data && net.duplicates(part, from, dest)) {
      // the copy is on the wire before anything sent later, even a close after a crash
      inFlight++;
      lastArrival += net.retransmitNanos;
      deliver(to, net.wire ? encode(frame) : frame, lastArrival);
    }
  }

  private void deliver(SimConnection to, Object item, long arrival) {
    Batch b = new Batch(to, arrival, item);
    open = b;
    unarrived.addLast(b);
    part().scheduleAt(to.transport.owner().part, to.transport.owner(), arrival, b);
  }

  /**
   * Frames that arrive together: one simulator event for everything sent on the link while the
   * first of them was still on the wire and queued right behind it (in wire mode, their bytes).
   */
  private final class Batch implements Runnable {
    final SimConnection to;
    final long arrival;
    final Object first;
    /** The items after the first, once there are any. */
    List<Object> more;

    Batch(SimConnection to, long arrival, Object first) {
      this.to = to;
      this.arrival = arrival;
      this.first = first;
    }

    void add(Object item) {
      if (more == null) {
        more = new ArrayList<>(4);
      }
      more.add(item);
    }

    @Override
    public void run() {
      int count = more == null ? 1 : 1 + more.size();
      if (to.closed || to.handler == null || !to.transport.live()) {
        return;
      }
      if (count == 1 && first instanceof Frame f) {
        to.handler.onFrames(List.of(f));
        return;
      }
      List<Frame> frames = new ArrayList<>(count);
      ProtocolException bad = null;
      for (int k = 0; k < count && bad == null; k++) {
        Object item = k == 0 ? first : more.get(k - 1);
        if (item instanceof byte[] bytes) {
          try {
            frames.add(to.decode(bytes));
          } catch (ProtocolException e) {
            bad = e;
          }
        } else {
          frames.add((Frame) item);
        }
      }
      if (!frames.isEmpty()) {
        to.handler.onFrames(frames);
      }
      if (bad != null && !to.closed) {
        to.transport.owner().stats.increment(Counter.PROTOCOL_ERRORS);
        to.cut("protocol error: " + bad.getMessage());
      }
    }
  }

  /** Wire mode: the frame's bytes, exactly as TCP would carry them. */
  private byte[] encode(Frame frame) {
    byte[] b = FrameCodec.toBytes(frame);
    if (sealer != null) {
      int n = sealer.seal(b, 0, b.length);
      b = java.util.Arrays.copyOf(sealer.sealed(), n);
    }
    transport.owner().stats.add(Counter.BYTES_OUT, b.length);
    return b;
  }

  /** Wire mode: decodes what arrived; a malformed or forged frame throws. */
  private Frame decode(byte[] bytes) {
    NodeStats stats = transport.owner().stats;
    stats.add(Counter.BYTES_IN, bytes.length);
    if (opener != null) {
      byte[] record = java.util.Arrays.copyOfRange(bytes, 4, bytes.length);
      try {
        bytes = opener.open(record, record.length);
      } catch (ProtocolException e) {
        stats.increment(Counter.LINK_AUTH_FAILED);
        throw e;
      }
    }
    return FrameCodec.decodeDatagram(ByteBuffer.wrap(bytes), transport.owner().config.maxFrameSize());
  }

  @Override
  public void close(String reason) {
    if (closed) {
      return;
    }
    closed = true;
    open = null;
    transport.forget(this);
    SimConnection to = peer;
    // the peer's end is another partition's to read: there, it learns of the close in any case
    Partition part = part();
    Partition theirs = to == null ? null : to.transport.owner().part;
    if (to != null && (theirs != part || !to.closed)) {
      String dest = to.transport.name();
      long arrival = Math.max(part.now + net.delay(transport.name(), dest), lastArrival + 1);
      part.scheduleAt(theirs, null, arrival, () -> to.remoteClosed(reason));
    }
  }

  /** Closes this end and tells this end's node at once (a cut seen by both ends). */
  void cut(String reason) {
    close(reason);
    if (handler != null && transport.live()) {
      handler.onClosed(reason);
    }
  }

  private void remoteClosed(String reason) {
    if (closed) {
      return;
    }
    closed = true;
    transport.forget(this);
    if (handler != null && transport.live()) {
      handler.onClosed("closed by peer: " + reason);
    }
  }

  @Override
  public String remote() {
    return "sim:" + (peer == null ? "?" : peer.transport.name());
  }

  @Override
  public String remoteHost() {
    return "127.0.0.1";
  }
}
