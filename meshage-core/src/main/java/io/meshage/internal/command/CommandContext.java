package io.meshage.internal.command;

import io.meshage.Failure;
import io.meshage.MeshException;
import io.meshage.MeshTimeoutException;
import io.meshage.UnreachableException;
import io.meshage.command.CommandCounter;
import io.meshage.internal.EventLoop;
import io.meshage.internal.node.NodeCore;
import io.meshage.internal.codec.BodyCodec;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every part of one node's command layer shares: the node core, the handler executor, the
 * counters, the id source and the closed flag. Immutable apart from those two, which are safe
 * from any thread.
 */
final class CommandContext {
  /** The mesh channel of command traffic ({@code Frame.USER} is 0). */
  static final byte CHANNEL = 1;

  final NodeCore core;
  /** The node's handler threads: futures complete and handlers run here, never on the loop. */
  final Executor handlers;
  final String self;
  final CommandMetrics metrics = new CommandMetrics();
  private final AtomicLong nextId;
  /** Written once by the thread that closes the node; read by every thread before it sends. */
  private volatile boolean closed;

  CommandContext(NodeCore core, Executor handlers) {
    this.core = core;
    this.handlers = handlers;
    this.self = core.name();
    this.nextId = new AtomicLong(core.instance() * 0x9E3779B97F4A7C15L);
  }

  /** A fresh id for a call or a fan-out, unique for this node's instance. */
  long nextId() {
    return nextId.incrementAndGet();
  }

  EventLoop loop() {
    return core.loop();
  }

  boolean closed() {
    return closed;
  }

  void close() {
    closed = true;
  }

  void count(CommandCounter c) {
    metrics.increment(c);
  }

  Duration defaultTimeout() {
    return core.config().ackTimeout();
  }

  BodyCodec.Encoded encode(Envelope e) {
    return core.bodies().encode(e.encode());
  }

  MeshException closedError() {
    return new MeshException("node " + self + " is closed");
  }

  MeshException unreachable(String node, String why) {
    count(CommandCounter.CALLS_UNREACHABLE);
    return new UnreachableException(node, "node " + node + " is unreachable from " + self + ": " + why);
  }

  MeshException deliveryFailure(String node, Failure failure) {
    return switch (failure) {
      case UNREACHABLE -> unreachable(node, "the call never reached a link toward it");
      case TIMEOUT -> new MeshTimeoutException("node " + node + " did not ACK within the timeout");
      case REJECTED -> new MeshException("node " + node + " refused the message body");
      case UNCONFIRMED -> new MeshTimeoutException(
          "node " + node + " became unreachable after the call was sent; it may or may not have run it");
    };
  }
}
