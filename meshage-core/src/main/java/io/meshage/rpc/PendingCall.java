package io.meshage.rpc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One multicast call at its caller: a slot per target, filled once each by an answer, a timeout,
 * a lost route or the node closing; it completes once, when its {@link ResponseMode} is satisfied,
 * no target is left pending, or the timeout passes.
 *
 * @param <T> the reply type
 */
final class PendingCall<T> {
  final long id;
  final String method;
  private final Class<T> replyType;
  private final int wanted;
  private final List<String> targets;
  private final Map<String, Integer> index;
  private final List<Response<T>> results;
  private final RpcStats stats;
  private final Consumer<List<Response<T>>> onDone;
  private int settled;
  private int ok;
  private boolean finished;
  private volatile Runnable cancelTimer;
  /** The encoded request, kept to send it again on a new route; set once before it goes out. */
  private volatile byte[] request;

  PendingCall(
      long id, String method, Class<T> replyType, ResponseMode mode, List<String> targets,
      RpcStats stats, Consumer<List<Response<T>>> onDone) {
    this.id = id;
    this.method = method;
    this.replyType = replyType;
    this.wanted = mode.wanted();
    this.targets = targets;
    this.index = new HashMap<>(targets.size() * 2);
    this.results = new ArrayList<>(targets.size());
    for (String t : targets) {
      index.put(t, results.size());
      results.add(null);
    }
    this.stats = stats;
    this.onDone = onDone;
  }

  void timer(Runnable cancel) {
    this.cancelTimer = cancel;
    if (isFinished()) {
      cancel.run();
    }
  }

  synchronized boolean isFinished() {
    return finished;
  }

  /** The reply of {@code sender} arrived: decodes its value and settles the slot. */
  void answer(String sender, RpcWire.Reply reply, RpcChannel channel) {
    Integer i = index.get(sender);
    if (i == null) {
      stats.increment(RpcCounter.LATE_REPLIES);
      return;
    }
    Response<T> r;
    switch (reply.status()) {
      case RpcWire.OK -> r = value(sender, reply, channel);
      case RpcWire.NO_SUCH_METHOD ->
          r = Response.failed(sender, Response.Status.NO_SUCH_METHOD, null, reply.error());
      default -> r = Response.failed(sender, Response.Status.REMOTE_ERROR, reply.errorClass(), reply.error());
    }
    if (!settle(sender, r)) {
      stats.increment(RpcCounter.LATE_REPLIES);
    }
  }

  private Response<T> value(String sender, RpcWire.Reply reply, RpcChannel channel) {
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

  /** Fills the slot of {@code target} unless it is filled; false when it was (or the call ended). */
  boolean settle(String target, Response<T> r) {
    List<Response<T>> done;
    synchronized (this) {
      Integer i = index.get(target);
      if (finished || i == null || results.get(i) != null) {
        return false;
      }
      results.set(i, r);
      settled++;
      if (r.isOk()) {
        ok++;
      }
      boolean complete = settled == targets.size() || (wanted > 0 && ok >= wanted);
      if (!complete) {
        return true;
      }
      done = finish(Response.Status.PENDING, "the call completed (mode " + (wanted == 1 ? "FIRST" : "first(" + wanted + ")")
          + ") before this target answered");
    }
    complete(done);
    return true;
  }

  /** The timeout passed: every target not yet settled is TIMEOUT. */
  void expire(long timeoutMillis) {
    List<Response<T>> done;
    synchronized (this) {
      if (finished) {
        return;
      }
      done = finish(Response.Status.TIMEOUT, "no answer within " + timeoutMillis + " ms");
    }
    complete(done);
  }

  void request(byte[] bytes) {
    this.request = bytes;
  }

  byte[] request() {
    return request;
  }

  /** Targets not settled, other than {@code self}, that are still in {@code reachable}. */
  synchronized List<String> waitingReachable(Set<String> reachable, String self) {
    List<String> out = new ArrayList<>();
    if (finished) {
      return out;
    }
    for (int i = 0; i < targets.size(); i++) {
      String t = targets.get(i);
      if (results.get(i) == null && !t.equals(self) && reachable.contains(t)) {
        out.add(t);
      }
    }
    return out;
  }

  /** Targets not settled, other than {@code self}, that are no longer in {@code reachable}. */
  synchronized List<String> lost(Set<String> reachable, String self) {
    List<String> gone = new ArrayList<>();
    if (finished) {
      return gone;
    }
    for (int i = 0; i < targets.size(); i++) {
      String t = targets.get(i);
      if (results.get(i) == null && !t.equals(self) && !reachable.contains(t)) {
        gone.add(t);
      }
    }
    return gone;
  }

  /** The node closed: every target not yet settled is UNREACHABLE. */
  void close(String why) {
    List<Response<T>> done;
    synchronized (this) {
      if (finished) {
        return;
      }
      done = finish(Response.Status.UNREACHABLE, why);
    }
    complete(done);
  }

  private List<Response<T>> finish(Response.Status rest, String why) {
    finished = true;
    List<Response<T>> out = new ArrayList<>(targets.size());
    for (int i = 0; i < targets.size(); i++) {
      Response<T> r = results.get(i);
      if (r == null) {
        r = Response.failed(targets.get(i), rest, null, why);
      }
      stats.increment(RpcStats.resultCounter(r.status()));
      out.add(r);
    }
    return List.copyOf(out);
  }

  private void complete(List<Response<T>> done) {
    Runnable cancel = cancelTimer;
    if (cancel != null) {
      cancel.run();
    }
    onDone.accept(done);
  }
}
