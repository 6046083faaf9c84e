package io.meshage.internal.call;

import io.meshage.internal.EventLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One outstanding call of a {@link CallEngine}: its id (and the ids of requests sent again under
 * new ids), a result slot per target, its timer and, when it is sent again on a new route, its
 * request. A slot is filled once, by an answer, a lost route, the timeout or the node closing;
 * the call completes once, when every slot is filled or {@link #enough} says so, whichever thread
 * gets there first, and then leaves the engine's table and cancels its timer.
 *
 * <p>Threads: slots are filled on the loop (answers, timers), on handler threads (topology
 * changes, calls to self) and on callers' and the closing thread; the slots, the counts and the
 * finished flag are guarded by this object's monitor, and {@link #completed} runs once, outside
 * it, on the thread that filled the last slot.
 *
 * @param <R> what fills a slot (a response, an outcome)
 */
public abstract class Call<R> {
  private final CallEngine engine;
  private final long id;
  private final List<String> targets;
  /** Slot of each target; null for a call to one target (slot 0). */
  private final Map<String, Integer> index;
  private final List<R> results;
  private int settled;
  private boolean finished;
  /** Ids of requests sent again under new ids (idempotent retries); guarded by this. */
  private List<Long> aliases = List.of();
  /** Written by the starting thread once the call is in the table; read by the finisher. */
  private volatile EventLoop.Cancellable timer;

  /** A call to {@code targets} (distinct) with a fresh id of {@code engine}. */
  protected Call(CallEngine engine, List<String> targets) {
    this.engine = engine;
    this.id = engine.nextId();
    this.targets = List.copyOf(targets);
    this.results = new ArrayList<>(targets.size());
    for (int i = 0; i < targets.size(); i++) {
      results.add(null);
    }
    if (targets.size() == 1) {
      this.index = null;
    } else {
      this.index = new HashMap<>(targets.size() * 2);
      for (int i = 0; i < targets.size(); i++) {
        index.put(targets.get(i), i);
      }
    }
  }

  public final long id() {
    return id;
  }

  public final List<String> targets() {
    return targets;
  }

  public final synchronized boolean isFinished() {
    return finished;
  }

  // ---------------------------------------------------------------- what a kind of call decides

  /**
   * Whether the call may complete now that {@code r} filled a slot although others are empty
   * (called under the monitor; a call waiting for every target returns false).
   */
  protected boolean enough(R r) {
    return false;
  }

  /** What fills the slot of a target not waited for when {@link #enough} ended the call. */
  protected R notWaitedFor(String target) {
    throw new IllegalStateException("call " + id + " completed early without a result for " + target);
  }

  /** What fills the slot of a target that did not answer within the timeout. */
  protected abstract R timedOut(String target);

  /** What fills the slot of a target that left the reachable mesh while the call was pending. */
  protected abstract R left(String target);

  /** What fills the slot of a target still pending when the call was closed for {@code why}. */
  protected abstract R closed(String target, String why);

  /** Whether the request goes out again to reachable targets still waiting after a topology change. */
  protected boolean resendsOnTopologyChange() {
    return false;
  }

  /** Sends the request again to {@code waiting} (a topology change; see {@link #resendsOnTopologyChange}). */
  protected void resend(List<String> waiting) {}

  /** The call completed: one result per target, in target order. Runs once, outside the monitor. */
  protected abstract void completed(List<R> results);

  // ---------------------------------------------------------------- filling slots (any thread)

  /** Whether {@code node} is a target of this call. */
  public final boolean isTarget(String node) {
    return slot(node) >= 0;
  }

  private int slot(String node) {
    if (index == null) {
      return targets.get(0).equals(node) ? 0 : -1;
    }
    Integer i = index.get(node);
    return i == null ? -1 : i;
  }

  /** Fills the slot of {@code target}; false when it was filled, the call ended or it is no target. */
  public final boolean settle(String target, R r) {
    List<R> done;
    synchronized (this) {
      int i = slot(target);
      if (finished || i < 0 || results.get(i) != null) {
        return false;
      }
      results.set(i, r);
      settled++;
      if (settled < targets.size() && !enough(r)) {
        return true;
      }
      done = finish(this::notWaitedFor);
    }
    complete(done);
    return true;
  }

  /** The timer fired (on the loop): every empty slot is {@link #timedOut}. Overridable to move threads. */
  public void timeout() {
    finishNow(this::timedOut);
  }

  /** Ends the call now, every empty slot {@link #closed} for {@code why}. */
  public final void close(String why) {
    finishNow(t -> closed(t, why));
  }

  /** Ends the call now, every empty slot filled by {@code rest}; false when it had ended. */
  protected final boolean finishNow(Function<String, R> rest) {
    List<R> done;
    synchronized (this) {
      if (finished) {
        return false;
      }
      done = finish(rest);
    }
    complete(done);
    return true;
  }

  /** Targets with an empty slot, other than {@code self}, that are (or are not) in {@code reachable}. */
  public final synchronized List<String> waiting(Set<String> reachable, String self, boolean inReachable) {
    List<String> out = new ArrayList<>();
    if (finished) {
      return out;
    }
    for (int i = 0; i < targets.size(); i++) {
      String t = targets.get(i);
      if (results.get(i) == null && !t.equals(self) && reachable.contains(t) == inReachable) {
        out.add(t);
      }
    }
    return out;
  }

  /** The topology changed: targets that left are settled {@link #left}; the rest may be sent again. */
  final void topologyChanged(Set<String> reachable, String self) {
    for (String t : waiting(reachable, self, false)) {
      settle(t, left(t));
    }
    if (resendsOnTopologyChange()) {
      List<String> again = waiting(reachable, self, true);
      if (!again.isEmpty()) {
        resend(again);
      }
    }
  }

  // ---------------------------------------------------------------- engine bookkeeping

  final void timer(EventLoop.Cancellable t) {
    timer = t;
    if (isFinished()) {
      t.cancel(); // finished before the timer was set
    }
  }

  /** Records another id this call answers to; false when the call has ended. */
  final synchronized boolean alias(long other) {
    if (finished) {
      return false;
    }
    List<Long> l = new ArrayList<>(aliases);
    l.add(other);
    aliases = l;
    return true;
  }

  final synchronized List<Long> aliases() {
    return aliases;
  }

  private List<R> finish(Function<String, R> rest) {
    finished = true;
    List<R> out = new ArrayList<>(targets.size());
    for (int i = 0; i < targets.size(); i++) {
      R r = results.get(i);
      out.add(r != null ? r : rest.apply(targets.get(i)));
    }
    return out;
  }

  private void complete(List<R> done) {
    engine.remove(this);
    EventLoop.Cancellable t = timer;
    if (t != null) {
      t.cancel();
    }
    completed(done);
  }
}
