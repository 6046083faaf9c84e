package io.meshage.internal.rpc;

import io.meshage.rpc.RpcContext;
import io.meshage.rpc.RpcCounter;
import java.lang.reflect.InvocationTargetException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The serving side: runs the method a request names and encodes what came of it (a value, the
 * method's exception, a bad argument, or no such method). Runs on the node's handler threads.
 */
final class Invoker {
  private static final Logger LOG = LogManager.getLogger(Invoker.class);

  private final MethodTable table;
  private final RpcChannel channel;
  private final RpcCounters stats;
  private final String self;

  Invoker(MethodTable table, RpcChannel channel, RpcCounters stats) {
    this.table = table;
    this.channel = channel;
    this.stats = stats;
    this.self = channel.self();
  }

  /** Runs {@code r} for {@code sender}; returns the reply's bytes, or null when none is wanted. */
  byte[] serve(String sender, RpcWire.Request r) {
    RpcMethod m = table.find(r.method());
    if (m == null) {
      stats.increment(RpcCounter.NO_SUCH_METHOD);
      LOG.debug("[{}] {} called {}, which is not registered here", self, sender, r.method());
      return r.replyWanted()
          ? RpcWire.errorReply(r.call(), RpcWire.NO_SUCH_METHOD, "",
              "node " + self + " has no RPC method " + r.method())
          : null;
    }
    Object arg;
    try {
      arg = r.argType() == RpcWire.NULL ? null : channel.decode(r.argType(), r.arg());
    } catch (IllegalArgumentException e) {
      return refused(r, "the argument of " + r.method() + " cannot be decoded on " + self + ": "
          + e.getMessage() + " (register its type on every node, in the same order)");
    }
    String mismatch = m.mismatch(arg);
    if (mismatch != null) {
      return refused(r, mismatch + " (on " + self + ")");
    }
    stats.increment(RpcCounter.REQUESTS_HANDLED);
    Object result;
    try {
      result = m.invoke(arg, new RpcContext(sender, r.method()));
    } catch (InvocationTargetException e) {
      return threw(sender, r, e.getCause() == null ? e : e.getCause());
    } catch (IllegalAccessException | RuntimeException e) {
      return threw(sender, r, e);
    }
    if (!r.replyWanted()) {
      return null;
    }
    try {
      if (result == null) {
        return RpcWire.okReply(r.call(), RpcWire.NULL, new byte[0]);
      }
      RpcChannel.Body b = channel.encode(result);
      return RpcWire.okReply(r.call(), b.type(), b.bytes());
    } catch (IllegalArgumentException e) {
      stats.increment(RpcCounter.REMOTE_ERRORS);
      return RpcWire.errorReply(r.call(), RpcWire.REMOTE_ERROR, e.getClass().getName(),
          "the reply of " + r.method() + " on " + self + " cannot be sent: " + e.getMessage());
    }
  }

  private byte[] refused(RpcWire.Request r, String why) {
    stats.increment(RpcCounter.REMOTE_ERRORS);
    LOG.debug("[{}] refused a call of {}: {}", self, r.method(), why);
    return r.replyWanted()
        ? RpcWire.errorReply(r.call(), RpcWire.REMOTE_ERROR, IllegalArgumentException.class.getName(), why)
        : null;
  }

  private byte[] threw(String sender, RpcWire.Request r, Throwable t) {
    stats.increment(RpcCounter.REMOTE_ERRORS);
    LOG.debug("[{}] {} called by {} threw", self, r.method(), sender, t);
    return r.replyWanted()
        ? RpcWire.errorReply(r.call(), RpcWire.REMOTE_ERROR, t.getClass().getName(),
            t.getMessage() == null ? "" : t.getMessage())
        : null;
  }
}
