package io.meshage.rpc;

import io.meshage.Delivery;
import io.meshage.Failure;
import io.meshage.HandlerMode;
import io.meshage.MeshException;
import io.meshage.internal.SpinWait;
import io.meshage.internal.call.CallEngine;
import io.meshage.internal.node.NodeCore;
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

/**
 * Bilateral multicast RPC on the mesh (after Go's {@code bilateralrpc}): every node serves the
 * public methods of the objects it {@link #register registers} as {@code "Type.method"}, and any
 * node can {@link #call} one on many nodes at once. Get it from {@code node.rpc()}; thread-safe.
 *
 * <p><b>Methods.</b> An RPC method is public, takes one argument (optionally followed by an {@link
 * RpcContext}, which names the caller) and returns a value or void. Arguments and return values
 * are message bodies: {@code byte[]}, {@code String}, boxed primitives, the JDK collections the
 * body codec knows, or classes registered with the body codec. {@link #register} registers the
 * argument and return classes of the methods (sorted by method name); other classes reachable from
 * them need {@code node.registerType}. Every node, caller or server, must register the same
 * classes in the same order.
 *
 * <p><b>Results.</b> A call returns exactly one {@link Response} per target, in target order, and
 * never waits past its timeout: OK with the value, REMOTE_ERROR with the remote exception's class
 * and message, TIMEOUT when no answer came in time, UNREACHABLE when the target is not in the mesh,
 * has no route, or leaves the reachable mesh during the call (reported as soon as the topology
 * changes, not at the timeout), NO_SUCH_METHOD when the target does not serve the method, and
 * PENDING for targets an early {@link ResponseMode} did not wait for. No target is ever left out.
 *
 * <p><b>Targets.</b> An empty target list means every other node reachable in the mesh at the
 * moment of the call (this node only when named). One request travels to all targets: it is
 * routed as a single message per next hop that splits again where paths part, not one send per
 * target. A call to this node runs the method on a handler thread.
 *
 * <p><b>Threads.</b> Methods run on the node's handler threads, unless their object was
 * registered {@link HandlerMode#DIRECT} ({@link #register(Object, HandlerMode)}): then they run on
 * the event loop that decoded the request, must be short and never block, and one that runs
 * longer than {@link HandlerMode#DIRECT_WARN_MILLIS} ms is logged once and counted ({@link
 * RpcCounter#SLOW_DIRECT_HANDLERS}). The calls themselves live on the node's call engine (as
 * {@code sendRequest} and {@code sendRpc} do): {@code RpcCalls} starts them, {@code RpcServer}
 * serves requests.
 */
public final class BilateralRpc {

  /** The timeout of a call that names none, as bilateralrpc's {@code DEFAULT_CALL_TIMEOUT}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /**
   * The shortest call timeout, as bilateralrpc's {@code MINIMUM_CALL_TIMEOUT}: a shorter positive
   * one is raised to it (and the first time logged as a warning), as bilateralrpc does.
   */
  public static final Duration MIN_TIMEOUT = Duration.ofMillis(200);

  /** How often a call of an idempotent method is sent again by default ({@code DEFAULT_RETRIES}). */
  public static final int DEFAULT_RETRIES = 3;

  private final RpcChannel channel;
  private final Executor completions;
  private final String self;
  private final MethodTable table = new MethodTable();
  private final RpcStats stats = new RpcStats();
  private final CallEngine engine;
  private final RpcCalls calls;
  private final RpcServer server;
  private final CallPolicy policy;
  /** How long a blocking {@link #call} spins before it parks (see {@code MeshConfig.callerSpin}). */
  private final long spinNanos;

  /**
   * Attaches the RPC layer to a node's core. For {@code MeshNode} only, which attaches it when the
   * node starts, so that it answers NO_SUCH_METHOD before its owner registers anything: its
   * parameter's type is not exported, so code outside this module cannot call it; use {@code
   * node.rpc()}.
   *
   * @param completions where methods run and futures complete (never the event loop, except
   *     methods registered {@link HandlerMode#DIRECT})
   */
  public BilateralRpc(NodeCore core, Executor completions) {
    this(new RpcChannel(core), core, completions);
    // last: from here on the core may call in, on its own threads
    channel.install(server::fromLoop, calls::topologyChanged);
  }

  private BilateralRpc(RpcChannel channel, NodeCore core, Executor completions) {
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

  /**
   * Serves {@code receiver}'s public methods as {@code "SimpleClassName.method"}.
   *
   * @return the procedure names, sorted
   * @throws IllegalArgumentException when a public method has an unsupported signature or name
   *     (nothing is registered then), or the class has no simple name (use {@link #register(String,
   *     Object)})
   * @throws IllegalStateException when a type of that name is already registered
   */
  public List<String> register(Object receiver) {
    Objects.requireNonNull(receiver, "receiver");
    return register(receiver.getClass().getSimpleName(), receiver);
  }

  /** Serves {@code receiver}'s public methods as {@code "typeName.method"}; see {@link #register(Object)}. */
  public List<String> register(String typeName, Object receiver) {
    return register(typeName, receiver, HandlerMode.POOLED);
  }

  /**
   * Serves {@code receiver}'s public methods as {@code "SimpleClassName.method"}, run where {@code
   * mode} says: {@link HandlerMode#POOLED} on the handler threads (as {@link #register(Object)}),
   * {@link HandlerMode#DIRECT} on the event loop that decoded the request (short methods that
   * never block; see {@link HandlerMode}).
   */
  public List<String> register(Object receiver, HandlerMode mode) {
    Objects.requireNonNull(receiver, "receiver");
    return register(receiver.getClass().getSimpleName(), receiver, mode);
  }

  /** Serves {@code receiver}'s public methods as {@code "typeName.method"}, run where {@code mode} says. */
  public List<String> register(String typeName, Object receiver, HandlerMode mode) {
    return table.register(typeName, receiver, mode, channel::registerType);
  }

  /** Stops serving type {@code typeName}; false when it was not registered. */
  public boolean unregister(String typeName) {
    return table.unregister(typeName);
  }

  /** Stops serving every type registered with {@code receiver}; false when there was none. */
  public boolean unregister(Object receiver) {
    return table.unregister(receiver);
  }

  /** The procedures this node serves now, sorted. */
  public Set<String> methods() {
    return table.names();
  }

  /** This node's RPC counters. */
  public RpcStats stats() {
    return stats;
  }

  // ---------------------------------------------------------------- calling

  /**
   * Marks {@code method} idempotent for calls from this node: a target that has not answered is
   * asked again, with a new request, up to {@code times} times spread evenly over the call's
   * timeout (so the method may run more than once on it). Calls are at most once otherwise; 0
   * turns it off.
   */
  public void markIdempotent(String method, int times) {
    checkMethod(method);
    policy.markIdempotent(method, times);
  }

  /** {@link #markIdempotent(String, int)} with {@link #DEFAULT_RETRIES}. */
  public void markIdempotent(String method) {
    markIdempotent(method, DEFAULT_RETRIES);
  }

  /** How often calls of {@code method} from this node are sent again (0: at most once). */
  public int retries(String method) {
    return policy.retries(method);
  }

  /** {@link #call(List, String, Object, Class, Duration)} with the {@link #DEFAULT_TIMEOUT}. */
  public <T> List<Response<T>> call(List<String> to, String method, Object args, Class<T> replyType) {
    return call(to, method, args, replyType, DEFAULT_TIMEOUT);
  }

  /** {@link #callAsync(List, String, Object, Class, Duration)} with the {@link #DEFAULT_TIMEOUT}. */
  public <T> CompletableFuture<List<Response<T>>> callAsync(
      List<String> to, String method, Object args, Class<T> replyType) {
    return callAsync(to, method, args, replyType, DEFAULT_TIMEOUT);
  }

  /** {@link #call(List, String, Object, Class, Duration, ResponseMode)} waiting for every target. */
  public <T> List<Response<T>> call(
      List<String> to, String method, Object args, Class<T> replyType, Duration timeout) {
    return call(to, method, args, replyType, timeout, ResponseMode.ALL);
  }

  /**
   * Calls {@code method} on every node of {@code to} (empty: every other node reachable now) and
   * blocks until {@code mode} is satisfied, no target is pending, or {@code timeout} passed —
   * never longer.
   *
   * @param replyType the class of the return value (boxed for primitives, {@code Void.class} for
   *     void methods); a value of another class is reported REMOTE_ERROR
   * @return one response per target, in the order of {@code to} (sorted names for an empty list)
   * @throws IllegalArgumentException for a bad argument, or {@code args} that cannot be encoded
   * @throws IllegalStateException in the simulator, where only {@link #callAsync} works
   */
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

  /** {@link #callAsync(List, String, Object, Class, Duration, ResponseMode)} waiting for every target. */
  public <T> CompletableFuture<List<Response<T>>> callAsync(
      List<String> to, String method, Object args, Class<T> replyType, Duration timeout) {
    return callAsync(to, method, args, replyType, timeout, ResponseMode.ALL);
  }

  /**
   * Like {@link #call(List, String, Object, Class, Duration, ResponseMode)} without blocking: the
   * future always completes, at the latest at the timeout, off the event loop and I/O threads.
   */
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

  /**
   * Runs {@code method} on every node of {@code to} (empty: every other node reachable now)
   * without replies. The future completes with the mesh's delivery verdict per target (delivered,
   * or failed as TIMEOUT or UNREACHABLE) once each confirmed receipt; what the method did stays on
   * the target.
   *
   * @throws IllegalArgumentException for a bad argument, or {@code args} that cannot be encoded
   */
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
