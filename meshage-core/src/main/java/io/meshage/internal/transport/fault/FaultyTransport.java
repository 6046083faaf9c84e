package io.meshage.internal.transport.fault;

import io.meshage.Counter;
import io.meshage.FaultInjector;
import io.meshage.internal.NodeStats;
import io.meshage.internal.EventLoop;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.transport.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A {@link Transport} decorator that injects faults into any transport (TCP or the simulator's)
 * and is the node's {@link FaultInjector}. Every decision comes from one seeded {@link FaultPlan};
 * delays are timed on the node's event loop (virtual in the simulator). Thread-safe.
 */
public final class FaultyTransport implements Transport, FaultInjector {
  private final Transport inner;
  private final EventLoop loop;
  private final NodeStats stats;
  private final FaultPlan plan;
  private final Set<FaultyConnection> connections = ConcurrentHashMap.newKeySet();
  private final Map<String, FaultyConnection> byPeer = new ConcurrentHashMap<>();
  /** Work held by a freeze, in arrival order (guarded by this). */
  private final List<Runnable> held = new ArrayList<>();

  public FaultyTransport(Transport inner, EventLoop loop, NodeStats stats, long seed) {
    this.inner = inner;
    this.loop = loop;
    this.stats = stats;
    this.plan = new FaultPlan(seed);
  }

  FaultPlan plan() {
    return plan;
  }

  EventLoop loop() {
    return loop;
  }

  // ---------------------------------------------------------------- Transport

  @Override
  public InetSocketAddress listen(String host, int port, Consumer<Connection> accepted) throws IOException {
    return inner.listen(host, port, c -> accepted.accept(wrap(c)));
  }

  @Override
  public void connect(InetSocketAddress address, BiConsumer<Connection, Throwable> done) {
    inner.connect(address, (c, err) -> done.accept(c == null ? null : wrap(c), err));
  }

  private Connection wrap(Connection c) {
    FaultyConnection f = new FaultyConnection(c, this);
    connections.add(f);
    return f;
  }

  @Override
  public Discovery openDiscovery(int port, String broadcastAddress, BiConsumer<Frame.Beacon, String> received)
      throws IOException {
    Discovery d =
        inner.openDiscovery(
            port,
            broadcastAddress,
            (b, from) -> {
              if (plan.active() && (plan.blocks(b.name()) || plan.frozen())) {
                dropped(1);
                return;
              }
              received.accept(b, from);
            });
    return new Discovery() {
      @Override
      public void send(Frame.Beacon beacon) {
        if (plan.active() && plan.beaconLost()) {
          dropped(1);
          return;
        }
        d.send(beacon);
      }

      @Override
      public void close() {
        d.close();
      }
    };
  }

  @Override
  public void close() {
    synchronized (this) {
      held.clear();
    }
    inner.close();
  }

  // ---------------------------------------------------------------- connection bookkeeping

  void learnt(FaultyConnection c) {
    byPeer.put(c.peer(), c);
  }

  void forget(FaultyConnection c) {
    connections.remove(c);
    if (c.peer() != null) {
      byPeer.remove(c.peer(), c);
    }
  }

  /** Queues {@code work} while frozen (true), else returns false and the caller goes on. */
  synchronized boolean holdIfFrozen(Runnable work) {
    if (!plan.frozen()) {
      return false;
    }
    held.add(work);
    delayedFrame();
    return true;
  }

  void dropped(int frames) {
    stats.add(Counter.FAULT_DROPPED, frames);
  }

  void duplicated() {
    stats.increment(Counter.FAULT_DUPLICATED);
  }

  void corrupted() {
    stats.increment(Counter.FAULT_CORRUPTED);
  }

  void delayedFrame() {
    stats.increment(Counter.FAULT_DELAYED);
  }

  // ---------------------------------------------------------------- FaultInjector

  @Override
  public FaultInjector loss(double probability) {
    plan.loss(probability);
    return this;
  }

  @Override
  public FaultInjector duplicate(double probability) {
    plan.duplicate(probability);
    return this;
  }

  @Override
  public FaultInjector corrupt(double probability) {
    plan.corrupt(probability);
    return this;
  }

  @Override
  public FaultInjector delay(Duration min, Duration max) {
    plan.delay(min.toNanos(), max.toNanos());
    return this;
  }

  @Override
  public FaultInjector block(Collection<String> nodes) {
    plan.block(nodes);
    return this;
  }

  @Override
  public FaultInjector unblock(Collection<String> nodes) {
    plan.unblock(nodes);
    return this;
  }

  @Override
  public FaultInjector heal() {
    plan.heal();
    return this;
  }

  @Override
  public boolean dropLink(String peer) {
    FaultyConnection c = byPeer.get(peer);
    if (c == null) {
      return false;
    }
    forget(c);
    c.drop("link dropped by fault injection");
    return true;
  }

  @Override
  public FaultInjector freeze() {
    plan.frozen(true);
    return this;
  }

  @Override
  public FaultInjector unfreeze() {
    release(() -> plan.frozen(false));
    return this;
  }

  @Override
  public FaultInjector clear() {
    release(plan::clear);
    return this;
  }

  /** Applies {@code change} (which ends the freeze) and runs what the freeze held, in order. */
  private void release(Runnable change) {
    List<Runnable> work;
    synchronized (this) {
      change.run();
      work = new ArrayList<>(held);
      held.clear();
    }
    for (Runnable r : work) {
      r.run();
    }
  }

  @Override
  public long seed() {
    return plan.seed();
  }
}
