package io.meshage.rpc;

import io.meshage.Delivery;
import io.meshage.HandlerMode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;


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
public interface BilateralRpc {
  /** The timeout of a call that names none, as bilateralrpc's {@code DEFAULT_CALL_TIMEOUT}. */
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /**
   * The shortest call timeout, as bilateralrpc's {@code MINIMUM_CALL_TIMEOUT}: a shorter positive
   * one is raised to it (and the first time logged as a warning), as bilateralrpc does.
   */
  Duration MIN_TIMEOUT = Duration.ofMillis(200);

  /** How often a call of an idempotent method is sent again by default ({@code DEFAULT_RETRIES}). */
  int DEFAULT_RETRIES = 3;

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
  List<String> register(Object receiver);

  /** Serves {@code receiver}'s public methods as {@code "typeName.method"}; see {@link #register(Object)}. */
  List<String> register(String typeName, Object receiver);

  /**
   * Serves {@code receiver}'s public methods as {@code "SimpleClassName.method"}, run where {@code
   * mode} says: {@link HandlerMode#POOLED} on the handler threads (as {@link #register(Object)}),
   * {@link HandlerMode#DIRECT} on the event loop that decoded the request (short methods that
   * never block; see {@link HandlerMode}).
   */
  List<String> register(Object receiver, HandlerMode mode);

  /** Serves {@code receiver}'s public methods as {@code "typeName.method"}, run where {@code mode} says. */
  List<String> register(String typeName, Object receiver, HandlerMode mode);

  /** Stops serving type {@code typeName}; false when it was not registered. */
  boolean unregister(String typeName);

  /** Stops serving every type registered with {@code receiver}; false when there was none. */
  boolean unregister(Object receiver);

  /** The procedures this node serves now, sorted. */
  Set<String> methods();

  /** This node's RPC counters. */
  RpcStats stats();

  // ---------------------------------------------------------------- calling

  /**
   * Marks {@code method} idempotent for calls from this node: a target that has not answered is
   * asked again, with a new request, up to {@code times} times spread evenly over the call's
   * timeout (so the method may run more than once on it). Calls are at most once otherwise; 0
   * turns it off.
   */
  void markIdempotent(String method, int times);

  /** {@link #markIdempotent(String, int)} with {@link #DEFAULT_RETRIES}. */
  void markIdempotent(String method);

  /** How often calls of {@code method} from this node are sent again (0: at most once). */
  int retries(String method);

  /** {@link #call(List, String, Object, Class, Duration)} with the {@link #DEFAULT_TIMEOUT}. */
  <T> List<Response<T>> call(List<String> to, String method, Object args, Class<T> replyType);

  /** {@link #callAsync(List, String, Object, Class, Duration)} with the {@link #DEFAULT_TIMEOUT}. */
  <T> CompletableFuture<List<Response<T>>> callAsync(
      List<String> to, String method, Object args, Class<T> replyType);

  /** {@link #call(List, String, Object, Class, Duration, ResponseMode)} waiting for every target. */
  <T> List<Response<T>> call(
      List<String> to, String method, Object args, Class<T> replyType, Duration timeout);

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
  <T> List<Response<T>> call(
      List<String> to, String method, Object args, Class<T> replyType, Duration timeout,
      ResponseMode mode);

  /** {@link #callAsync(List, String, Object, Class, Duration, ResponseMode)} waiting for every target. */
  <T> CompletableFuture<List<Response<T>>> callAsync(
      List<String> to, String method, Object args, Class<T> replyType, Duration timeout);

  /**
   * Like {@link #call(List, String, Object, Class, Duration, ResponseMode)} without blocking: the
   * future always completes, at the latest at the timeout, off the event loop and I/O threads.
   */
  <T> CompletableFuture<List<Response<T>>> callAsync(
      List<String> to, String method, Object args, Class<T> replyType, Duration timeout,
      ResponseMode mode);

  /**
   * Runs {@code method} on every node of {@code to} (empty: every other node reachable now)
   * without replies. The future completes with the mesh's delivery verdict per target (delivered,
   * or failed as TIMEOUT or UNREACHABLE) once each confirmed receipt; what the method did stays on
   * the target.
   *
   * @throws IllegalArgumentException for a bad argument, or {@code args} that cannot be encoded
   */
  CompletableFuture<Delivery> cast(List<String> to, String method, Object args);

  // ---------------------------------------------------------------- lifecycle and helpers
}
