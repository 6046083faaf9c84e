package io.meshage.internal;

/** One neighbour connection as the node's event loop sees it; owned by that loop. */
final class Link {
  final Transport.Connection connection;
  final boolean outgoing;
  final boolean manual;
  /** For outgoing auto-dials: the name the beacon announced; null when unknown. */
  final String expectedName;

  String peer;
  long peerInstance;
  volatile boolean established;
  /** Set when a newer link to the same peer took this one's place: its close is silent. */
  boolean replaced;
  boolean closed;
  volatile long lastHeardNanos;
  /** {@code connection.framesQueued()} at the last keepalive tick. */
  long framesAtLastTick = -1;
  EventLoop.Cancellable handshakeTimer;
  /** Completed when an outgoing dial is established (with the peer's name) or refused. */
  java.util.concurrent.CompletableFuture<String> dialDone;

  Link(Transport.Connection connection, boolean outgoing, boolean manual, String expectedName) {
    this.connection = connection;
    this.outgoing = outgoing;
    this.manual = manual;
    this.expectedName = expectedName;
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
