package io.meshage.internal.rpc;

import io.meshage.Delivery;
import io.meshage.Failure;
import io.meshage.HandlerMode;
import io.meshage.MeshException;
import io.meshage.internal.SpinWait;
import io.meshage.internal.call.CallEngine;
import io.meshage.internal.node.NodeCore;
import io.meshage.rpc.BilateralRpc;
import io.meshage.rpc.Response;
import io.meshage.rpc.ResponseMode;
import io.meshage.rpc.RpcCounter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** The one implementation of {@link BilateralRpc}: the method table, the server side and the calls over the node core; built by {@code NodeLayers}. */
public final class LocalRpc implements BilateralRpc {
  private final RpcChannel channel;
  private final Executor completions;
  private final String self;

  private final MethodTable table = new MethodTable();

  private final RpcCounters stats = new RpcCounters();

  private final CallEngine engine;
  private final RpcCalls calls;
  private final RpcServer server;
  private final CallPolicy policy;
  /** How long a blocking {@link #call} spins before it parks (see {@code MeshConfig.callerSpin}). */
  private final long spinNanos;

  /** Built by the node factories (see {@code NodeLayers}). */
  public LocalRpc(NodeCore core, Executor completions) {
    this(new RpcChannel(core), core, completions);
    // last: from here on the core may call in, on its own threads
    channel.install(server::fromLoop, calls::topologyChanged);
  }

  private LocalRpc(RpcChannel channel, NodeCore core, Executor completions) {
    this.channel = channel;
    this.completions = completions;
    this.self = channel.self();
    this.engine =
        new CallEngine(self, core.loop(), completions, channel.instance() * 0xC2B2AE3D27D4EB4FL, this::counted);
    this.calls = new RpcCalls(engine, channel, stats, completions);
    this.server = new RpcServer(engine, table, new Invoker(table, channel, stats), calls, channel, stats);
    this.policy = new CallPolicy(self, stats);
    this.spinNanos = core.loop().callerSpinNanos();
  }

  private void counted(CallEngine.Event e) {
    stats.increment(
        e == CallEngine.Event.DUPLICATE_REQUEST ? RpcCounter.DUPLICATE_REQUESTS : RpcCounter.SLOW_DIRECT_HANDLERS);
  }

  // ---------------------------------------------------------------- serving

  @Override
  public List<String> register(Object receiver) {
    Objects.requireNonNull(receiver, "receiver");
    return register(receiver.getClass().getSimpleName(), receiver);
  }

  @Override
  public List<String> register(String typeName, Object receiver) {
    return register(typeName, receiver, HandlerMode.POOLED);
  }

  @Override
  public List<String> register(Object receiver, HandlerMode mode) {
    Objects.requireNonNull(receiver, "receiver");
    return register(receiver.getClass().getSimpleName(), receiver, mode);
  }

  @Override
  public List<String> register(String typeName, Object receiver, HandlerMode mode) {
    return table.register(typeName, receiver, mode, channel::registerType);
  }

  @Override
  public boolean unregister(String typeName) {
    return table.unregister(typeName);
  }

  @Override
  public boolean unregister(Object receiver) {
    return table.unregister(receiver);
  }

  @Override
  public Set<String> methods() {
    return table.names();
  }

  @Override
  public RpcCounters stats() {
    return stats;
  }

  // ---------------------------------------------------------------- calling

  @Override
  public void markIdempotent(String method, int times) {
    checkMethod(method);
    policy.markIdempotent(method, times);
  }

  @Override
  public void markIdempotent(String method) {
    markIdempotent(method, DEFAULT_RETRIES);
  }

  @Override
  public int retries(String method) {
    return policy.retries(method);
  }

  @Override
  public <T> List<Response<T>> call(List<String> to, String method, Object args, Class<T> replyType) {
    return call(to, method, args, replyType, DEFAULT_TIMEOUT);
  }

  @Override
  public <T> CompletableFuture<List<Response<T>>> callAsync(
      List<String> to, String method, Object args, Class<T> replyType) {
    return callAsync(to, method, args, replyType, DEFAULT_TIMEOUT);
  }

  @Override
  public <T> List<Response<T>> call(
      List<String> to, String method, Object args, Class<T> replyType, Duration timeout) {
    return call(to, method, args, replyType, timeout, ResponseMode.ALL);
  }

  @Override
  public <T> List<Response<T>> call(
      List<String> to, String method, Object args, Class<T> replyType, Duration timeout,
      ResponseMode mode) {
    if (channel.virtual()) {
      throw new IllegalStateException("call blocks; in the simulator use callAsync and run the simulation");
    }
    CompletableFuture<List<Response<T>>> f = new CompletableFuture<>();
    Duration effective = policy.effectiveTimeout(timeout);
    RpcCall<T> p = start(to, method, args, replyType, effective, mode, f::complete);
    try {
      SpinWait.briefly(f, spinNanos);
      return f.get(effective.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      p.expire();
      return f.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.close("the caller on " + self + " was interrupted");
      return f.join();
    } catch (ExecutionException e) {
      throw new MeshException("call of " + method + " failed: " + e.getCause(), e.getCause());
    }
  }

  @Override
  public <T> CompletableFuture<List<Response<T>>> callAsync(
      List<String> to, String method, Object args, Class<T> replyType, Duration timeout) {
    return callAsync(to, method, args, replyType, timeout, ResponseMode.ALL);
  }

  @Override
  public <T> CompletableFuture<List<Response<T>>> callAsync(
      List<String> to, String method, Object args, Class<T> replyType, Duration timeout,
      ResponseMode mode) {
    CompletableFuture<List<Response<T>>> f = new CompletableFuture<>();
    // in the simulator too: there the completions executor queues an event of its own
    start(to, method, args, replyType, policy.effectiveTimeout(timeout), mode,
        list -> completions.execute(() -> f.complete(list)));
    return f;
  }

  @SuppressWarnings("unchecked")
  private <T> RpcCall<T> start(
      List<String> to, String method, Object args, Class<T> replyType, Duration timeout,
      ResponseMode mode, Consumer<List<Response<T>>> onDone) {
    checkMethod(method);
    Objects.requireNonNull(replyType, "replyType");
    Objects.requireNonNull(mode, "mode");
    long nanos = CallPolicy.checkTimeout(timeout);
    List<String> targets = targets(to);
    Class<T> boxed = (Class<T>) RpcMethod.boxed(replyType);
    return calls.start(method, id -> encodeRequest(id, true, method, args), targets, boxed, mode, nanos,
        retries(method), server::fromSelf, onDone);
  }

  @Override
  public CompletableFuture<Delivery> cast(List<String> to, String method, Object args) {
    checkMethod(method);
    byte[] request = encodeRequest(engine.nextId(), false, method, args);
    List<String> targets = targets(to);
    stats.increment(RpcCounter.CASTS);
    if (calls.closed()) {
      return CompletableFuture.failedFuture(new MeshException("node " + self + " is closed"));
    }
    Set<String> reachable = channel.reachable();
    Set<String> delivered = new HashSet<>();
    Map<String, Failure> failed = new HashMap<>();
    List<String> remote = new ArrayList<>();
    for (String t : targets) {
      if (t.equals(self)) {
        delivered.add(t);
        completions.execute(() -> server.fromSelf(request));
      } else if (reachable.contains(t)) {
        remote.add(t);
      } else {
        failed.put(t, Failure.UNREACHABLE);
      }
    }
    if (remote.isEmpty()) {
      return CompletableFuture.completedFuture(new Delivery(0, delivered, failed));
    }
    CompletableFuture<Delivery> acked = new CompletableFuture<>();
    channel.sendAcked(remote, request, channel.ackTimeout(), acked);
    return acked.thenApplyAsync(
        d -> {
          Set<String> ok = new HashSet<>(delivered);
          ok.addAll(d.delivered());
          Map<String, Failure> bad = new HashMap<>(failed);
          bad.putAll(d.failed());
          return new Delivery(d.id(), ok, bad);
        },
        completions);
  }

  private byte[] encodeRequest(long id, boolean replyWanted, String method, Object args) {
    if (args == null) {
      return RpcWire.request(id, replyWanted, method, RpcWire.NULL, new byte[0]);
    }
    RpcChannel.Body b = channel.encode(args);
    return RpcWire.request(id, replyWanted, method, b.type(), b.bytes());
  }

  // ---------------------------------------------------------------- lifecycle and helpers

  /** Ends every pending call (its pending targets UNREACHABLE); later calls fail. By node.close(). */
  public void close() {
    calls.close();
  }

  private List<String> targets(List<String> to) {
    if (to == null) {
      throw new IllegalArgumentException("targets must not be null (an empty list means every node)");
    }
    if (to.isEmpty()) {
      return new ArrayList<>(new TreeSet<>(channel.reachable()));
    }
    Set<String> unique = new LinkedHashSet<>();
    for (String t : to) {
      if (t == null || t.isEmpty()) {
        throw new IllegalArgumentException("target names must not be empty");
      }
      unique.add(t);
    }
    return new ArrayList<>(unique);
  }

  private static void checkMethod(String method) {
    if (method == null || method.isEmpty()) {
      throw new IllegalArgumentException("method must be \"Type.method\", got " + method);
    }
  }
}
