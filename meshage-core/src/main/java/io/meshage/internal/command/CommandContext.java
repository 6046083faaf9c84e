package io.meshage.internal.command;

import io.meshage.Failure;
import io.meshage.MeshException;
import io.meshage.MeshTimeoutException;
import io.meshage.UnreachableException;
import io.meshage.command.CommandCounter;
import io.meshage.internal.EventLoop;
import io.meshage.internal.call.CallEngine;
import io.meshage.internal.node.NodeCore;
import io.meshage.internal.codec.BodyCodec;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * What every part of one node's command layer shares: the node core, the handler executor, the
 * counters and the layer's {@link CallEngine} (outstanding requests and RPCs, the id source, the
 * closed flag, running incoming requests). Immutable; the counters and the engine are safe from
 * any thread.
 */
final class CommandContext {
  /** The mesh channel of command traffic ({@code Frame.USER} is 0). */
  static final byte CHANNEL = 1;

  final NodeCore core;
  /** The node's handler threads: futures complete and handlers run here, never on the loop. */
  final Executor handlers;
  final String self;
  final CommandMetrics metrics = new CommandMetrics();
  /** The layer's outstanding requests and RPCs, and where incoming ones run. */
  final CallEngine calls;

  CommandContext(NodeCore core, Executor handlers) {
    this.core = core;
    this.handlers = handlers;
    this.self = core.name();
    this.calls =
        new CallEngine(self, core.loop(), handlers, core.instance() * 0x9E3779B97F4A7C15L, this::counted);
  }

  private void counted(CallEngine.Event e) {
    if (e == CallEngine.Event.SLOW_DIRECT_HANDLER) {
      count(CommandCounter.SLOW_DIRECT_HANDLERS);
    }
  }

  /** A fresh id for a call or a fan-out, unique for this node's instance. */
  long nextId() {
    return calls.nextId();
  }

  EventLoop loop() {
    return core.loop();
  }

  boolean closed() {
    return calls.isClosed();
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
