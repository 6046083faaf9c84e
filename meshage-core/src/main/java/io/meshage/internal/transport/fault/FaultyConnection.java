package io.meshage.internal.transport.fault;

import io.meshage.internal.codec.Frame;
import io.meshage.internal.transport.Transport;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One connection under fault injection. Outbound frames pass the {@link FaultPlan} (dropped,
 * doubled, corrupted (bulk only), delayed in order, or held while frozen); inbound frames from a blocked peer are dropped
 * and held while frozen. The peer's name is learnt from its HELLO. Called from the loop, from
 * callers (sends) and from the transport's reader thread (inbound); the delay line is guarded by
 * this object.
 */
final class FaultyConnection implements Transport.Connection {
  private final Transport.Connection inner;
  private final FaultyTransport owner;
  private volatile Transport.Handler handler;
  /** The neighbour's name once its HELLO arrived; written by the reader, read by senders. */
  private volatile String peer;
  /** A frame waiting in the delay line. */
  private record Delayed(long due, Frame frame, int copies, boolean control) {}

  /** The delay line: frames leave in the order they came, each no earlier than its due time (guarded by this). */
  private final ArrayDeque<Delayed> line = new ArrayDeque<>();
  private long lastDueNanos = Long.MIN_VALUE;
  private boolean drainScheduled;

  FaultyConnection(Transport.Connection inner, FaultyTransport owner) {
    this.inner = inner;
    this.owner = owner;
  }

  String peer() {
    return peer;
  }

  @Override
  public void start(Transport.Handler h) {
    this.handler = h;
    inner.start(
        new Transport.Handler() {
          @Override
          public void onFrames(List<Frame> frames) {
            inbound(frames);
          }

          @Override
          public void onClosed(String reason) {
            owner.forget(FaultyConnection.this);
            h.onClosed(reason);
          }
        });
  }

  private void inbound(List<Frame> frames) {
    if (peer == null) {
      for (Frame f : frames) {
        if (f instanceof Frame.Hello hello) {
          peer = hello.name();
          owner.learnt(this);
          break;
        }
      }
    }
    FaultPlan plan = owner.plan();
    if (!plan.active()) {
      handler.onFrames(frames);
      return;
    }
    if (plan.blocks(peer)) {
      owner.dropped(frames.size());
      return;
    }
    if (!owner.holdIfFrozen(() -> handler.onFrames(frames))) {
      handler.onFrames(frames);
    }
  }

  @Override
  public boolean send(Frame frame) {
    return owner.plan().active() ? outbound(frame, false) : inner.send(frame);
  }

  @Override
  public boolean sendFromCaller(Frame frame) {
    return owner.plan().active() ? outbound(frame, false) : inner.sendFromCaller(frame);
  }

  @Override
  public void sendControl(Frame frame) {
    if (owner.plan().active()) {
      outbound(frame, true);
    } else {
      inner.sendControl(frame);
    }
  }

  private boolean outbound(Frame original, boolean control) {
    if (owner.holdIfFrozen(() -> outbound(original, control))) {
      return true;
    }
    FaultPlan.Decision d = owner.plan().outbound(peer, original);
    if (d.drop()) {
      owner.dropped(1);
      return true;
    }
    Frame frame = original;
    if (d.corrupt()) {
      frame = FaultPlan.corrupted(original);
      owner.corrupted();
    }
    if (d.copies() > 1) {
      owner.duplicated();
    }
    synchronized (this) {
      if (d.delayNanos() == 0 && line.isEmpty()) {
        return transmit(frame, d.copies(), control);
      }
      long now = owner.loop().nanoTime();
      long due = Math.max(now + d.delayNanos(), lastDueNanos);
      lastDueNanos = due;
      line.add(new Delayed(due, frame, d.copies(), control));
      owner.delayedFrame();
      if (!drainScheduled) {
        drainScheduled = true;
        owner.loop().schedule(this::drain, due - now);
      }
      return true;
    }
  }

  /** Sends every delayed frame that is due, in order, and times the next drain. */
  private void drain() {
    synchronized (this) {
      drainScheduled = false;
      long now = owner.loop().nanoTime();
      while (!line.isEmpty() && line.peek().due() <= now) {
        Delayed x = line.poll();
        transmit(x.frame(), x.copies(), x.control());
      }
      if (!line.isEmpty()) {
        drainScheduled = true;
        owner.loop().schedule(this::drain, Math.max(1, line.peek().due() - now));
      }
    }
  }

  private boolean transmit(Frame frame, int copies, boolean control) {
    boolean ok = true;
    for (int i = 0; i < copies; i++) {
      if (control) {
        inner.sendControl(frame);
      } else {
        ok &= inner.send(frame);
      }
    }
    return ok;
  }

  /** Closes the connection without BYE and tells the node at once. */
  void drop(String reason) {
    inner.close(reason);
    Transport.Handler h = handler;
    if (h != null) {
      h.onClosed(reason);
    }
  }

  @Override
  public void close(String reason) {
    inner.close(reason);
  }

  @Override
  public void linkUp() {
    inner.linkUp();
  }

  @Override
  public long framesQueued() {
    return inner.framesQueued();
  }

  @Override
  public String remote() {
    return inner.remote();
  }

  @Override
  public String remoteHost() {
    return inner.remoteHost();
  }
}
