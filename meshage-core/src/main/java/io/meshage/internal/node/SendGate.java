package io.meshage.internal.node;

import io.meshage.internal.DirectFuture;
import io.meshage.internal.HandoffFuture;
import io.meshage.Counter;
import io.meshage.Delivery;
import io.meshage.MeshException;
import io.meshage.MeshTimeoutException;
import io.meshage.Subscription;
import io.meshage.VerdictListener;
import io.meshage.internal.codec.BodyCodec;
import io.meshage.internal.codec.Frame;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The caller's side of {@code MeshNode.set} and {@code broadcast}: recipient checks, the
 * {@code maxInFlight} window (backpressure), body encoding on the caller's thread, the hand-off to
 * the event loop and the bounded wait for a verdict. Thread-safe; runs on callers' threads.
 */
public final class SendGate {
  private static final Logger LOG = LogManager.getLogger(SendGate.class);

  private final NodeCore core;
  private final Executor handlers;
  private final long ackTimeoutNanos;
  private final SendWindow inFlight;
  private final List<VerdictListener> verdictListeners = new CopyOnWriteArrayList<>();
  /** The start time of a send nobody times (no verdict listener). */
  private static final long NOT_TIMED = Long.MIN_VALUE;

  /** @param handlers the node's handler threads, where verdict listeners and callbacks run */
  public SendGate(NodeCore core, Executor handlers) {
    this.core = core;
    this.handlers = handlers;
    this.ackTimeoutNanos = core.config().ackTimeout().toNanos();
    this.inFlight = new SendWindow(core.config().maxInFlight());
  }

  /** Messages sent and awaiting their verdict now (slots of the window in use). */
  public int inFlight() {
    return inFlight.inUse();
  }

  /** Adds a listener of verdicts (see {@link VerdictListener}); with none, verdicts cost no clock read. */
  public Subscription onVerdict(VerdictListener l) {
    verdictListeners.add(l);
    return () -> verdictListeners.remove(l);
  }

  /** Takes a slot of the window without waiting; false when it is full. */
  public boolean tryAcquire() {
    return inFlight.tryAcquire();
  }

  /** Why a send found the window full. */
  public MeshException backpressure() {
    return new MeshException(
        "node " + core.name() + " has " + core.config().maxInFlight()
            + " messages awaiting ACKs (maxInFlight); retry when some complete");
  }

  /** Waits for a slot of the window, at most the ACK timeout. */
  public void acquireBlocking() {
    try {
      if (!inFlight.acquire(core.config().ackTimeout().toMillis())) {
        throw new MeshTimeoutException(
            "no room to send within " + core.config().ackTimeout() + ": " + backpressure().getMessage());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MeshException("interrupted while waiting to send");
    }
  }

  /**
   * Encodes {@code body} here and hands the send to the loop; the slot is released as the verdict
   * completes the returned future (before its callbacks run). A {@code direct} future is completed
   * on the loop: only for callers that block on it and never show it to anybody (see {@link
   * DirectFuture}); other futures are completed on the handler threads or hand their callbacks
   * there.
   */
  public CompletableFuture<Delivery> submit(byte kind, List<String> recipients, Object body, boolean direct) {
    BodyCodec.Encoded encoded;
    try {
      encoded = core.bodies().encode(body);
    } catch (IllegalArgumentException e) {
      inFlight.release();
      throw e;
    }
    long start = verdictListeners.isEmpty() ? NOT_TIMED : System.nanoTime();
    Send f = direct ? new DirectSend(this, kind, recipients, encoded, start) : new Send(this, kind, recipients, encoded, start);
    if (direct && kind == Frame.SET && recipients.size() == 1) {
      core.sendOneNow(recipients.get(0), encoded, ackTimeoutNanos, f);
    } else {
      core.loop().execute(f);
    }
    return f;
  }

  /**
   * One send: the task that hands it to the loop, and its future, which frees the send's slot on
   * its first completion, by {@code complete} or {@code completeExceptionally} (a user cancelling
   * the future keeps the slot until the verdict arrives: the message is still in flight). A
   * {@link HandoffFuture}: completed on the loop, its callbacks still run on the handler threads.
   */
  private static class Send extends HandoffFuture<Delivery> implements Runnable {
    private final SendGate gate;
    private final byte kind;
    private final List<String> recipients;
    private final BodyCodec.Encoded body;
    private final long start;

    Send(SendGate gate, byte kind, List<String> recipients, BodyCodec.Encoded body, long start) {
      super(gate.core.loop(), gate.handlers);
      this.gate = gate;
      this.kind = kind;
      this.recipients = recipients;
      this.body = body;
      this.start = start;
    }

    /** On the loop. */
    @Override
    public void run() {
      gate.core.send(kind, recipients, body, gate.ackTimeoutNanos, this);
    }

    /** The send's time to its verdict, taken as it settles (when timed). */
    private long nanos;

    /** The first completion (the verdict, or the user's own): frees the slot at once, on that thread. */
    @Override
    protected void onSettled(Delivery d, Throwable e) {
      gate.inFlight.release();
      if (start != NOT_TIMED) {
        nanos = System.nanoTime() - start;
      }
    }

    /**
     * Tells the verdict listeners, off the loop: on the caller's thread as it wakes from waiting
     * for a blocking send, else on a handler thread (see {@link HandoffFuture}).
     */
    @Override
    protected void afterSettled(Delivery d, Throwable e) {
      if (start != NOT_TIMED) {
        gate.verdict(d, e, nanos);
      }
    }

    @Override
    protected boolean hasWorkAfterSettled() {
      return start != NOT_TIMED;
    }
  }

  /**
   * A send whose caller blocks for the verdict and which nobody else sees: the loop completes it
   * outright (the caller is woken by the loop); with verdict listeners, the woken caller tells
   * them (or a handler thread, when the caller stopped waiting).
   */
  private static final class DirectSend extends Send implements DirectFuture {
    DirectSend(SendGate gate, byte kind, List<String> recipients, BodyCodec.Encoded body, long start) {
      super(gate, kind, recipients, body, start);
    }

    @Override
    protected boolean completesOnLoop() {
      return true;
    }
  }

  private void verdict(Delivery d, Throwable e, long nanos) {
    for (VerdictListener l : verdictListeners) {
      try {
        l.verdict(d, e, nanos);
      } catch (RuntimeException failure) {
        // a listener's failure must not hold up the send's other listeners or the caller
        core.stats().increment(Counter.HANDLER_ERRORS);
        LOG.error("[{}] verdict listener failed", core.name(), failure);
      }
    }
  }

  /**
   * Distinct other nodes; IllegalArgumentException naming a bad one (empty, or this node). A name
   * not in the mesh is no error: that recipient ends UNREACHABLE (no route), the others are sent to.
   */
  public List<String> checkRecipients(List<String> recipients) {
    if (recipients == null || recipients.isEmpty()) {
      throw new IllegalArgumentException("recipients must name at least one node");
    }
    if (recipients.size() == 1) {
      String r = recipients.get(0);
      checkRecipient(r);
      return List.of(r);
    }
    Set<String> unique = new LinkedHashSet<>();
    for (String r : recipients) {
      checkRecipient(r);
      unique.add(r);
    }
    return new ArrayList<>(unique);
  }

  private void checkRecipient(String r) {
    if (r == null || r.isEmpty()) {
      throw new IllegalArgumentException("recipient names must not be empty");
    }
    if (r.equals(core.name())) {
      throw new IllegalArgumentException("recipient " + r + " is this node itself");
    }
  }

  /** Waits for the verdict, a little longer than the ACK timeout at most. */
  public Delivery await(CompletableFuture<Delivery> f) {
    long wait = core.config().ackTimeout().toMillis() + 5000;
    try {
      return f.get(wait, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof MeshException m ? m : new MeshException(c.getMessage(), c);
    } catch (TimeoutException e) {
      throw new MeshTimeoutException("no verdict within " + wait + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MeshException("interrupted while waiting for ACKs");
    }
  }
}
