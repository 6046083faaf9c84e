package io.meshage.internal.rpc;

import io.meshage.internal.call.Call;
import io.meshage.internal.call.CallEngine;
import io.meshage.rpc.Response;
import io.meshage.rpc.ResponseMode;
import io.meshage.rpc.RpcCounter;
import java.util.List;
import java.util.function.Consumer;

/**
 * One multicast call at its caller, on the {@link CallEngine}: a slot per target, filled once
 * each by an answer, a timeout, a lost route or the node closing; it completes once, when its
 * {@link ResponseMode} is satisfied, no target is left pending, or the timeout passes. Its
 * request goes out again to targets still waiting after a topology change (a relay on the old
 * route may have died with it; targets run a request once).
 *
 * @param <T> the reply type
 */
final class RpcCall<T> extends Call<Response<T>> {
  final String method;
  private final Class<T> replyType;
  private final int wanted;
  private final long timeoutMillis;
  private final RpcCounters stats;
  private final RpcChannel channel;
  private final Consumer<List<Response<T>>> onDone;
  /** OK answers so far; guarded by the call's monitor (counted in {@link #enough}). */
  private int ok;
  /** The encoded request, kept to send it again on a new route; set once before it goes out. */
  private volatile byte[] request;

  RpcCall(
      CallEngine engine, String method, Class<T> replyType, ResponseMode mode, List<String> targets,
      long timeoutMillis, RpcCounters stats, RpcChannel channel, Consumer<List<Response<T>>> onDone) {
    super(engine, targets);
    this.method = method;
    this.replyType = replyType;
    this.wanted = mode.wanted();
    this.timeoutMillis = timeoutMillis;
    this.stats = stats;
    this.channel = channel;
    this.onDone = onDone;
  }

  void request(byte[] bytes) {
    this.request = bytes;
  }

  /** The reply of {@code sender} arrived: decodes its value and settles the slot. */
  void answer(String sender, RpcWire.Reply reply) {
    if (!isTarget(sender)) {
      stats.increment(RpcCounter.LATE_REPLIES);
      return;
    }
    Response<T> r =
        switch (reply.status()) {
          case RpcWire.OK -> value(sender, reply);
          case RpcWire.NO_SUCH_METHOD -> Response.failed(sender, Response.Status.NO_SUCH_METHOD, null, reply.error());
          default -> Response.failed(sender, Response.Status.REMOTE_ERROR, reply.errorClass(), reply.error());
        };
    if (!settle(sender, r)) {
      stats.increment(RpcCounter.LATE_REPLIES);
    }
  }

  private Response<T> value(String sender, RpcWire.Reply reply) {
    Object v;
    try {
      v = reply.type() == RpcWire.NULL ? null : channel.decode(reply.type(), reply.value());
    } catch (IllegalArgumentException e) {
      return Response.failed(sender, Response.Status.REMOTE_ERROR, e.getClass().getName(),
          "the reply of " + sender + " to " + method + " cannot be decoded on " + channel.self() + ": "
              + e.getMessage());
    }
    if (v != null && !replyType.isInstance(v)) {
      return Response.failed(sender, Response.Status.REMOTE_ERROR, ClassCastException.class.getName(),
          sender + " answered " + method + " with a " + v.getClass().getName() + ", not a "
              + replyType.getName());
    }
    return Response.ok(sender, replyType.cast(v));
  }

  /** The caller gave up waiting at the timeout (a blocking call): every pending target is TIMEOUT. */
  void expire() {
    timeout();
  }

  @Override
  protected boolean enough(Response<T> r) {
    if (r.isOk()) {
      ok++;
    }
    return wanted > 0 && ok >= wanted;
  }

  @Override
  protected Response<T> notWaitedFor(String target) {
    return Response.failed(target, Response.Status.PENDING, null, "the call completed (mode "
        + (wanted == 1 ? "FIRST" : "first(" + wanted + ")") + ") before this target answered");
  }

  @Override
  protected Response<T> timedOut(String target) {
    return Response.failed(target, Response.Status.TIMEOUT, null, "no answer within " + timeoutMillis + " ms");
  }

  @Override
  protected Response<T> left(String target) {
    return Response.failed(target, Response.Status.UNREACHABLE, null,
        "it left the reachable mesh of " + channel.self() + " during the call");
  }

  @Override
  protected Response<T> closed(String target, String why) {
    return Response.failed(target, Response.Status.UNREACHABLE, null, why);
  }

  @Override
  protected boolean resendsOnTopologyChange() {
    return request != null;
  }

  @Override
  protected void resend(List<String> waiting) {
    byte[] r = request;
    if (r != null) {
      channel.sendNow(waiting, r);
    }
  }

  @Override
  protected void completed(List<Response<T>> results) {
    for (Response<T> r : results) {
      stats.increment(RpcCounters.resultCounter(r.status()));
    }
    onDone.accept(List.copyOf(results));
  }
}
