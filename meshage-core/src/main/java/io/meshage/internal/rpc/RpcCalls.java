package io.meshage.internal.rpc;

import io.meshage.internal.call.Call;
import io.meshage.internal.call.CallEngine;
import io.meshage.rpc.Response;
import io.meshage.rpc.ResponseMode;
import io.meshage.rpc.RpcCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The calling side of the RPC layer: starts multicast calls on the layer's {@link CallEngine}
 * (which owns them while they wait), sends idempotent ones again, and settles replies.
 *
 * <p>Threads: callers start calls (the request goes onto the links from their thread); replies
 * arrive on the loop; retry timers fire on the loop; calls to this node itself run on a handler
 * thread. Stateless apart from the engine.
 */
final class RpcCalls {
  private static final Logger LOG = LogManager.getLogger(RpcCalls.class);

  private final CallEngine engine;
  private final RpcChannel channel;
  private final RpcCounters stats;
  private final Executor completions;
  private final String self;

  RpcCalls(CallEngine engine, RpcChannel channel, RpcCounters stats, Executor completions) {
    this.engine = engine;
    this.channel = channel;
    this.stats = stats;
    this.completions = completions;
    this.self = channel.self();
  }

  /** A request's bytes for call {@code id}. */
  interface Encoder {
    byte[] request(long id);
  }

  /**
   * Starts a call of {@code method} to {@code targets} (distinct, checked): the request goes out
   * from the caller's thread, a request to this node runs on a handler thread ({@code local}),
   * and {@code retries} more requests go to targets still waiting, spread over the timeout.
   */
  <T> RpcCall<T> start(
      String method, Encoder encoder, List<String> targets, Class<T> replyType, ResponseMode mode,
      long nanos, int retries, Consumer<byte[]> local, Consumer<List<Response<T>>> onDone) {
    RpcCall<T> p =
        new RpcCall<>(engine, method, replyType, mode, targets, nanos / 1_000_000, stats, channel, onDone);
    byte[] request = encoder.request(p.id());
    stats.increment(RpcCounter.CALLS);
    if (targets.isEmpty()) {
      onDone.accept(List.of());
      return p;
    }
    if (engine.isClosed()) {
      p.close("node " + self + " is closed");
      return p;
    }
    p.request(request);
    engine.open(p, nanos);
    Set<String> reachable = channel.reachable();
    List<String> remote = new ArrayList<>(targets.size());
    boolean toSelf = false;
    for (String t : targets) {
      if (t.equals(self)) {
        toSelf = true;
      } else if (reachable.contains(t)) {
        remote.add(t);
      } else {
        p.settle(t, unreachable(t, channel.knows(t) ? "there is no route to it from " + self
            : "it is not in the mesh of " + self));
      }
    }
    if (!remote.isEmpty() && channel.sendNow(remote, request) < remote.size()) {
      Set<String> now = channel.reachable();
      for (String t : remote) {
        if (!now.contains(t)) {
          p.settle(t, unreachable(t, "its route vanished as the call left " + self));
        }
      }
    }
    if (toSelf) {
      completions.execute(() -> local.accept(request));
    }
    if (retries > 0) {
      scheduleRetry(p, encoder, nanos / (retries + 1), retries);
    }
    return p;
  }

  /** Sends call {@code p} again, under a new id, to its targets still waiting; {@code left} more times. */
  private void scheduleRetry(RpcCall<?> p, Encoder encoder, long every, int left) {
    channel.schedule(() -> {
      List<String> waiting = p.waiting(channel.reachable(), self, true);
      if (waiting.isEmpty() || engine.isClosed()) {
        return;
      }
      long retryId = engine.alias(p);
      if (retryId == 0) {
        return;
      }
      stats.increment(RpcCounter.RETRIES);
      channel.sendNow(waiting, encoder.request(retryId));
      if (left > 1) {
        scheduleRetry(p, encoder, every, left - 1);
      }
    }, every);
  }

  /** A reply arrived (the loop, or a handler thread for calls to self). */
  void replyArrived(String sender, byte[] bytes) {
    RpcWire.Reply r;
    try {
      r = RpcWire.decodeReply(bytes);
    } catch (IllegalArgumentException e) {
      stats.increment(RpcCounter.MALFORMED);
      LOG.debug("[{}] malformed RPC reply from {}: {}", self, sender, e.getMessage());
      return;
    }
    Call<?> found = engine.find(r.call());
    if (!(found instanceof RpcCall<?> p)) {
      stats.increment(RpcCounter.LATE_REPLIES);
      return;
    }
    p.answer(sender, r);
  }

  /** Targets that left the reachable mesh end UNREACHABLE at once; the rest get the request again. */
  void topologyChanged() {
    engine.topologyChanged(channel.reachable());
  }

  /** Ends every pending call (its pending targets UNREACHABLE); later calls fail. */
  void close() {
    engine.close("node " + self + " closed during the call");
  }

  boolean closed() {
    return engine.isClosed();
  }

  static <T> Response<T> unreachable(String target, String why) {
    return Response.failed(target, Response.Status.UNREACHABLE, null, "node " + target + " is unreachable: " + why);
  }
}
