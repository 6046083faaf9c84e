package io.meshage.sim;

import io.meshage.internal.codec.Frame;
import io.meshage.internal.codec.FrameCodec;
import io.meshage.internal.transport.Transport;
import io.meshage.Counter;
import io.meshage.MeshStats;
import io.meshage.ProtocolException;
import io.meshage.internal.security.RecordCipher;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One end of an in-memory link: FIFO delivery after the link delay, subject to loss, partitions
 * and duplicated data. In wire mode on a keyed link every frame travels as one AES-GCM record,
 * verified at the receiver before it is decoded.
 */
final class SimConnection implements Transport.Connection {
  private final Simulation sim;
  final SimTransport transport;
  SimConnection peer;
  private Transport.Handler handler;
  private boolean closed;
  private int inFlight;
  private long lastArrival;
  private long framesQueued;
  /** Wire mode on a keyed link: this end's record ciphers (both null otherwise). */
  private RecordCipher sealer;
  private RecordCipher opener;

  SimConnection(Simulation sim, SimTransport transport) {
    this.sim = sim;
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
    if (closed || inFlight >= 65_536) {
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

  private void transmit(Frame frame) {
    framesQueued++;
    SimConnection to = peer;
    String from = transport.name();
    String dest = to.transport.name();
    if (sim.blocked(from, dest)) {
      return;
    }
    long wire = sim.delay(from, dest);
    while (sim.loss > 0 && sim.random.nextDouble() < sim.loss) {
      wire += sim.retransmitNanos;
    }
    long arrival = Math.max(sim.nanoTime() + wire, lastArrival + 1);
    lastArrival = arrival;
    deliver(to, frame, arrival);
    if (frame instanceof Frame.Data && sim.duplicates(from, dest)) {
      // the copy is on the wire before anything sent later, even a close after a crash
      lastArrival = arrival + sim.retransmitNanos;
      deliver(to, frame, lastArrival);
    }
  }

  private void deliver(SimConnection to, Frame frame, long arrival) {
    inFlight++;
    byte[] bytes = sim.wire ? encode(frame) : null;
    sim.schedule(to.transport.owner(), arrival - sim.nanoTime(), () -> {
      inFlight--;
      if (!to.closed && to.handler != null && to.transport.live()) {
        Frame arrived = bytes == null ? frame : to.decode(bytes);
        if (arrived != null) {
          to.handler.onFrames(List.of(arrived));
        }
      }
    });
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

  /** Wire mode: decodes what arrived, or closes this end on malformed bytes (null). */
  private Frame decode(byte[] bytes) {
    MeshStats stats = transport.owner().stats;
    stats.add(Counter.BYTES_IN, bytes.length);
    try {
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
    } catch (ProtocolException e) {
      stats.increment(Counter.PROTOCOL_ERRORS);
      cut("protocol error: " + e.getMessage());
      return null;
    }
  }

  @Override
  public void close(String reason) {
    if (closed) {
      return;
    }
    closed = true;
    transport.forget(this);
    SimConnection to = peer;
    if (to != null && !to.closed) {
      String dest = to.transport.name();
      long arrival = Math.max(sim.nanoTime() + sim.delay(transport.name(), dest), lastArrival + 1);
      sim.schedule(null, arrival - sim.nanoTime(), () -> to.remoteClosed(reason));
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
