package io.meshage.internal.rpc;

import io.meshage.HandlerMode;
import io.meshage.Message;
import io.meshage.internal.call.CallEngine;
import io.meshage.rpc.RpcCounter;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The inbound side of the RPC layer: every message of the RPC channel arrives here on the loop;
 * a reply goes to {@link RpcCalls}, a request is decoded, run once per (sender, call id) by the
 * {@link CallEngine} where its method is registered to run (the handler threads, or this loop for
 * {@link HandlerMode#DIRECT} methods) and answered. Stateless apart from the engine's seen-set.
 */
final class RpcServer {
  private static final Logger LOG = LogManager.getLogger(RpcServer.class);

  private final CallEngine engine;
  private final MethodTable table;
  private final Invoker invoker;
  private final RpcCalls calls;
  private final RpcChannel channel;
  private final RpcCounters stats;
  private final String self;

  RpcServer(CallEngine engine, MethodTable table, Invoker invoker, RpcCalls calls, RpcChannel channel, RpcCounters stats) {
    this.engine = engine;
    this.table = table;
    this.invoker = invoker;
    this.calls = calls;
    this.channel = channel;
    this.stats = stats;
    this.self = channel.self();
  }

  /** On the event loop: a reply settles its call here, a request runs where its method wants. */
  void fromLoop(Message m) {
    if (!(m.body() instanceof byte[] bytes)) {
      stats.increment(RpcCounter.MALFORMED);
      return;
    }
    byte kind;
    try {
      kind = RpcWire.kind(bytes);
    } catch (IllegalArgumentException e) {
      stats.increment(RpcCounter.MALFORMED);
      LOG.debug("[{}] malformed RPC message from {}", self, m.source());
      return;
    }
    if (kind == RpcWire.REPLY) {
      calls.replyArrived(m.source(), bytes);
      return;
    }
    String sender = m.source();
    RpcWire.Request r = decode(sender, bytes);
    if (r == null || !engine.firstRequest(sender, r.call())) {
      return;
    }
    RpcMethod method = table.find(r.method());
    HandlerMode mode = method == null ? HandlerMode.POOLED : method.mode();
    engine.run(mode, r.method(), () -> serve(sender, r));
  }

  /** A request this node sent itself, on a handler thread. */
  void fromSelf(byte[] bytes) {
    RpcWire.Request r = decode(self, bytes);
    if (r != null && engine.firstRequest(self, r.call())) {
      serve(self, r);
    }
  }

  private RpcWire.Request decode(String sender, byte[] bytes) {
    try {
      return RpcWire.decodeRequest(bytes);
    } catch (IllegalArgumentException e) {
      stats.increment(RpcCounter.MALFORMED);
      LOG.debug("[{}] malformed RPC request from {}: {}", self, sender, e.getMessage());
      return null;
    }
  }

  private void serve(String sender, RpcWire.Request r) {
    byte[] reply = invoker.serve(sender, r);
    if (reply == null) {
      return;
    }
    if (sender.equals(self)) {
      calls.replyArrived(self, reply);
    } else if (!channel.replyNow(sender, reply)) {
      stats.increment(RpcCounter.REPLIES_LOST);
      LOG.debug("[{}] no route back to {} for the reply to {}", self, sender, r.method());
    }
  }
}
