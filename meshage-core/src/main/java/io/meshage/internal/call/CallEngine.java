package io.meshage.internal.call;

import io.meshage.HandlerMode;
import io.meshage.internal.EventLoop;
import io.meshage.internal.SeenSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The one call engine under {@code sendRequest}, {@code sendRpc} and {@code rpc().call}: on the
 * calling side it owns the outstanding {@link Call}s of one layer by id (ids, per-target result
 * slots, timeouts, filling the slots of targets that leave the mesh and sending the request again
 * on a topology change, closing); on the serving side it runs each incoming request once per
 * (sender, id) (requests may arrive twice when routes change) where its handler wants to run
 * ({@link HandlerMode}), timing direct handlers. Answers travel with the node's reply retention
 * ({@code NodeCore.sendReplyNow}): sent again on the new route after a topology change.
 *
 * <p>Each layer (the command layer, the RPC layer) has an engine of its own on its own channel,
 * with its own id space; what happens is counted through the layer's {@code count} hook, into
 * the layer's public counters.
 *
 * <p>Threads: callers {@link #open} calls and take ids; the loop fires timers, looks up answered
 * calls and {@link #run}s requests; handler threads deliver topology changes; the closing thread
 * {@link #close}s. The table is a concurrent map, the seen-set is synchronized, the closed flag
 * is volatile; each {@link Call} settles races on its own monitor.
 */
public final class CallEngine {
  private static final Logger LOG = LogManager.getLogger(CallEngine.class);

  /** What the engine counts; each layer maps them to counters of its own. */
  public enum Event {
    /** A request that arrived a second time and was not run again. */
    DUPLICATE_REQUEST,
    /** A direct handler that ran longer than {@link HandlerMode#DIRECT_WARN_MILLIS}. */
    SLOW_DIRECT_HANDLER
  }

  private static final long DIRECT_WARN_NANOS = TimeUnit.MILLISECONDS.toNanos(HandlerMode.DIRECT_WARN_MILLIS);

  private final String self;
  private final EventLoop loop;
  private final Executor handlers;
  private final Consumer<Event> count;
  private final Map<Long, Call<?>> calls = new ConcurrentHashMap<>();
  private final SeenSet seen = new SeenSet(8192);
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private final AtomicLong nextId;
  /** Written once by the closing thread; read by callers before they start a call. */
  private volatile boolean closed;

  /**
   * @param idSeed where this engine's ids start (per node instance and layer, so that ids of a
   *     restarted node do not collide with its previous instance's)
   * @param handlers the node's handler threads (pooled handlers run there)
   * @param count receives what the engine counts
   */
  public CallEngine(String self, EventLoop loop, Executor handlers, long idSeed, Consumer<Event> count) {
    this.self = self;
    this.loop = loop;
    this.handlers = handlers;
    this.count = count;
    this.nextId = new AtomicLong(idSeed);
  }

  public String self() {
    return self;
  }

  public EventLoop loop() {
    return loop;
  }

  public Executor handlers() {
    return handlers;
  }

  /** A fresh id for a call (or anything else of this layer that needs one). */
  public long nextId() {
    return nextId.incrementAndGet();
  }

  public boolean isClosed() {
    return closed;
  }

  // ---------------------------------------------------------------- calling side

  /** Puts {@code call} in the table and arms its timeout on the loop (the caller's thread). */
  public void open(Call<?> call, long timeoutNanos) {
    calls.put(call.id(), call);
    call.timer(loop.schedule(call::timeout, timeoutNanos));
  }

  /**
   * A fresh id under which {@code call}'s request is sent again (an idempotent retry): answers
   * to it fill the same slots. Returns 0 when the call has ended.
   */
  public long alias(Call<?> call) {
    long other = nextId();
    if (!call.alias(other)) {
      return 0;
    }
    calls.put(other, call);
    if (call.isFinished()) {
      calls.remove(other, call); // ended while the alias went in
      return 0;
    }
    return other;
  }

  /** The pending call that answers to {@code id}, or null (unknown, or already completed). */
  public Call<?> find(long id) {
    return calls.get(id);
  }

  /** The number of calls awaiting answers. */
  public int pending() {
    return (int) calls.values().stream().distinct().count();
  }

  void remove(Call<?> call) {
    calls.remove(call.id(), call);
    for (long other : call.aliases()) {
      calls.remove(other, call);
    }
  }

  /**
   * The topology changed (a handler thread): targets no longer in {@code reachable} are settled
   * at once, and calls that ask for it send their request again to the targets still waiting.
   */
  public void topologyChanged(Set<String> reachable) {
    if (calls.isEmpty()) {
      return;
    }
    for (Call<?> call : distinctCalls()) {
      call.topologyChanged(reachable, self);
    }
  }

  /** Closes every pending call for {@code why}; later {@link #isClosed} is true (the closing thread). */
  public void close(String why) {
    closed = true;
    for (Call<?> call : distinctCalls()) {
      call.close(why);
    }
  }

  /**
   * Each pending call once (a call with aliases is in the table under several ids), in the
   * table's order, which depends on the ids only: the simulator replays a seed exactly.
   */
  private List<Call<?>> distinctCalls() {
    Set<Call<?>> seenCalls = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Call<?>> out = new ArrayList<>();
    for (Call<?> call : calls.values()) {
      if (seenCalls.add(call)) {
        out.add(call);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- serving side

  /**
   * Whether the request {@code id} from {@code sender} arrives the first time; a repeat (routes
   * changed on the way) is counted and must not run again.
   */
  public boolean firstRequest(String sender, long id) {
    if (seen.add(sender + '/' + id)) {
      return true;
    }
    count.accept(Event.DUPLICATE_REQUEST);
    return false;
  }

  /**
   * Runs a request's {@code work} (its handler and answer) where its handler is registered to
   * run: {@link HandlerMode#DIRECT} on this thread (the loop that decoded it), timed; otherwise
   * on the handler threads. {@code handler} names it in the log ("command 10001", "Type.method").
   */
  public void run(HandlerMode mode, String handler, Runnable work) {
    if (mode == HandlerMode.DIRECT) {
      runDirect(handler, work);
    } else {
      handlers.execute(work);
    }
  }

  private void runDirect(String handler, Runnable work) {
    long start = System.nanoTime();
    try {
      work.run();
    } catch (RuntimeException e) {
      // the work maps handler exceptions to error answers itself; this guards the loop
      LOG.error("[{}] direct handler of {} failed outside its answer", self, handler, e);
    }
    long took = System.nanoTime() - start;
    if (took > DIRECT_WARN_NANOS) {
      count.accept(Event.SLOW_DIRECT_HANDLER);
      if (warned.add(handler)) {
        LOG.warn(
            "[{}] direct handler of {} ran {} ms on the event loop (over {} ms; the node reads no"
                + " socket meanwhile): register it with HandlerMode.POOLED if it may block"
                + " (logged once per handler, counted as SLOW_DIRECT_HANDLERS)",
            self, handler, took / 1_000_000, HandlerMode.DIRECT_WARN_MILLIS);
      }
    }
  }
}
