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
  /** The adaptive detector's estimate of this link's normal silence. */
  final ArrivalStats arrivals = new ArrivalStats();
  /**
   * Set when the adaptive keepalive found this link silent past its threshold: it is dropped at
   * the next check unless a frame arrives first (the loop reads its links in between).
   */
  boolean suspected;
  /** The threshold a check found this link's silence past 3/4 of, or 0: a near miss, logged when heard. */
  long nearMissThreshold;
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
   * Frames arrived at {@code now} (loop time): moves {@link #lastHeardNanos}, clears a suspicion
   * and, once the link is up, folds the silence since the last arrival into {@link #arrivals}.
   * Called on the loop only, for every batch of frames of any kind.
   */
  void heard(long now) {
    long gap = now - lastHeardNanos;
    lastHeardNanos = now;
    suspected = false;
    if (nearMissThreshold > 0) {
      Keepalive.nearMiss(this, gap, nearMissThreshold);
      nearMissThreshold = 0;
    }
    if (established) {
      arrivals.gap(gap, now);
    }
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
