package io.meshage.internal.link;

import io.meshage.internal.EventLoop;
import io.meshage.internal.transport.Transport;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/** One neighbour connection as the node sees it. Owned by the event loop. */
public final class Link {
  final Transport.Connection connection;
  final boolean outgoing;
  final boolean manual;
  /** For outgoing auto-dials: the name the beacon announced; null when unknown. */
  final String expectedName;

  String peer;
  long peerInstance;
  /** Where the peer listens, as its HELLO said (host:port); null until then. */
  String peerAddress;
  boolean established;
  /** Set when a newer link to the same peer took this one's place: its close is silent. */
  boolean replaced;
  boolean closed;
  long lastHeardNanos;
  /** {@code connection.framesQueued()} at the last keepalive tick. */
  long framesAtLastTick = -1;
  /** The keepalive tick that last saw this node send on the link (other than its own pings). */
  long lastSentTickNanos = Long.MIN_VALUE / 2;
  /**
   * The adaptive detector's estimate of this link's normal silence: running mean and mean
   * deviation of the time between arrivals, in nanoseconds; negative before the first gap (loop).
   */
  long gapMeanNanos = -1;
  long gapDevNanos;
  /** The longest recent gap, decaying by 1/256 per arrival (a link that stalled once may again). */
  long gapPeakNanos;
  /** Gaps folded in so far (up to {@link #SETTLED_GAPS}). */
  int gapSamples;
  /** Until this many gaps were seen the estimate is young: the threshold is at least twice the floor. */
  static final int SETTLED_GAPS = 32;
  EventLoop.Cancellable handshakeTimer;
  /** Completed when an outgoing dial is established (with the peer's name) or refused. */
  CompletableFuture<String> dialDone;
  /** Where the peer's HELLO says it is dialed (its {@code --advertise} or listening address); null before. */
  InetSocketAddress advertised;

  Link(Transport.Connection connection, boolean outgoing, boolean manual, String expectedName) {
    this.connection = connection;
    this.outgoing = outgoing;
    this.manual = manual;
    this.expectedName = expectedName;
  }

  /** The transport connection under this link. */
  public Transport.Connection connection() {
    return connection;
  }

  /** The neighbour's name; null until its HELLO arrived. */
  public String peer() {
    return peer;
  }

  /**
   * Frames arrived at {@code now} (loop time): moves {@link #lastHeardNanos} and, once the link is
   * up, folds the silence since the last arrival into the gap estimate (gains 1/8 and 1/4, as TCP's
   * round-trip estimator). Called on the loop only.
   */
  void heard(long now) {
    long gap = now - lastHeardNanos;
    lastHeardNanos = now;
    if (!established || gap <= 0) {
      return;
    }
    gapPeakNanos = Math.max(gap, gapPeakNanos - gapPeakNanos / 256);
    gapSamples = Math.min(SETTLED_GAPS, gapSamples + 1);
    if (gapMeanNanos < 0) {
      gapMeanNanos = gap;
      gapDevNanos = gap / 2;
    } else {
      long err = gap - gapMeanNanos;
      gapMeanNanos += err / 8;
      gapDevNanos += (Math.abs(err) - gapDevNanos) / 4;
    }
  }

  /**
   * The adaptive detector's threshold: mean + 4 deviations of the gaps, or 5/4 of the longest recent
   * gap when that is more, within [floor, ceiling]; at least twice the floor while the estimate is
   * young (a new link, a process still starting up).
   */
  long silenceThreshold(long floor, long ceiling) {
    long t = gapMeanNanos < 0 ? ceiling : Math.max(gapMeanNanos + 4 * gapDevNanos, gapPeakNanos + gapPeakNanos / 4);
    long min = gapSamples < SETTLED_GAPS ? 2 * floor : floor;
    return Math.max(Math.min(min, ceiling), Math.min(ceiling, t));
  }

  /** When a frame last arrived on this link (loop time). */
  public long lastHeardNanos() {
    return lastHeardNanos;
  }

  /** The peer's instance id (valid once established). */
  public long peerInstance() {
    return peerInstance;
  }

  /** Where the peer listens (host:port), as its HELLO said; null before the HELLO. */
  public String peerAddress() {
    return peerAddress;
  }

  /**
   * The address the peer's HELLO says others dial it at: its advertised or listening address,
   * with the host this connection came from when it listens on every address; null before HELLO.
   */
  public InetSocketAddress advertised() {
    return advertised;
  }

  /** The name of the node that dialed this link. */
  String dialer(String self) {
    return outgoing ? self : peer;
  }

  @Override
  public String toString() {
    return (peer != null ? peer : connection.remote()) + (outgoing ? " (out)" : " (in)");
  }
}
