package io.meshage.internal.sim;

import io.meshage.internal.codec.Frame;
import io.meshage.internal.transport.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * In-memory transport of one simulated node: links with delay, loss and partitions, and the
 * decisions of the key step when nodes hold namespace keys ({@link SimKeys}).
 */
final class SimTransport implements Transport {
  private final Simulator sim;
  private final SimNetwork net;
  private final SimNode owner;
  private final List<SimConnection> connections = new ArrayList<>();
  private Consumer<Connection> acceptor;
  private BiConsumer<Frame.Beacon, String> beacons;
  private int discoveryPort;
  private boolean closed;

  SimTransport(Simulator sim, SimNode owner) {
    this.sim = sim;
    this.net = sim.network;
    this.owner = owner;
  }

  SimNode owner() {
    return owner;
  }

  String name() {
    return owner.config.name();
  }

  boolean live() {
    return !closed && owner.alive && owner.transport == this;
  }

  @Override
  public InetSocketAddress listen(String host, int port, Consumer<Connection> accepted) {
    this.acceptor = accepted;
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), owner.port);
  }

  @Override
  public void connect(InetSocketAddress address, BiConsumer<Connection, Throwable> done) {
    SimNode target = sim.byPort.get(address.getPort());
    long d = target == null ? net.defaultDelayNanos : net.delay(name(), target.config.name());
    Partition mine = owner.part;
    // the connection reaches the target's side after one link delay: that side runs there
    Partition there = target == null ? mine : target.part;
    boolean cross = there != mine;
    mine.scheduleAt(there, owner, mine.now + d, () -> {
      SimTransport t = target == null ? null : target.transport;
      if (t == null || !t.live() || t.acceptor == null || net.blocked(name(), t.name())) {
        there.scheduleAt(mine, owner, there.now + d, () -> done.accept(null, new IOException("connection refused by " + address)));
        return;
      }
      String refusal = SimKeys.refusal(SimKeys.keyring(owner), SimKeys.keyring(t.owner));
      if (refusal != null) {
        t.owner.stats.increment(io.meshage.Counter.LINK_AUTH_FAILED);
        there.scheduleAt(mine, owner, there.now + 2 * d, () -> {
          owner.stats.increment(io.meshage.Counter.LINK_AUTH_FAILED);
          done.accept(null, new IOException(refusal));
        });
        return;
      }
      SimConnection ours = new SimConnection(net, this);
      SimConnection theirs = new SimConnection(net, t);
      ours.peer = theirs;
      theirs.peer = ours;
      if (net.wire && !SimKeys.keyring(owner).isEmpty()) {
        SimKeys.key(ours, theirs, SimKeys.keyring(owner), there.random);
      }
      if (!cross) {
        connections.add(ours);
      }
      t.connections.add(theirs);
      t.acceptor.accept(theirs);
      if (!cross) {
        there.scheduleAt(mine, owner, there.now + d, () -> done.accept(ours, null));
        return;
      }
      // this side's list is this side's partition's to change: the dialer takes its end on arrival
      there.scheduleAt(mine, null, there.now + d, () -> {
        if (!live()) {
          ours.close("peer crashed"); // the dialer died meanwhile: the acceptor sees the link drop
          return;
        }
        connections.add(ours);
        if (mine.runsFor(owner)) {
          done.accept(ours, null);
        }
      });
    });
  }

  @Override
  public Discovery openDiscovery(int port, String broadcastAddress, BiConsumer<Frame.Beacon, String> received) {
    this.discoveryPort = port;
    this.beacons = received;
    return new Discovery() {
      @Override
      public void send(Frame.Beacon beacon) {
        // Without per-link delays every receiver hears the beacon at the same moment, and one
        // event per partition delivers all beacons of that moment (see BeaconFanout); with them,
        // each receiver has its own event. With several partitions, whether a receiver is still
        // listening is another partition's to read: it is checked on arrival (see hear).
        Partition part = owner.part;
        Partition[] parts = sim.clock.parts;
        boolean shared = parts.length > 1;
        boolean oneArrival = net.linkDelays.isEmpty();
        List<List<SimTransport>> hearers = null;
        if (oneArrival) {
          hearers = new ArrayList<>(parts.length);
          for (int i = 0; i < parts.length; i++) {
            hearers.add(new ArrayList<>());
          }
        }
        io.meshage.internal.keys.Keyring mine = SimKeys.keyring(owner);
        for (SimNode n : sim.nodes.values()) {
          SimTransport t = n.transport;
          if (t == SimTransport.this || t == null || t.discoveryPort != discoveryPort
              || (!shared && (!t.live() || t.beacons == null))
              || (net.partitioned && net.blocked(name(), t.name()))) {
            continue;
          }
          if (net.loss > 0 && part.random.nextDouble() < net.loss) {
            continue;
          }
          if (!SimKeys.beaconOpens(mine, SimKeys.keyring(n))) {
            if (shared) {
              part.scheduleAt(n.part, null, part.now + net.delay(name(), t.name()),
                  () -> n.stats.increment(io.meshage.Counter.BEACONS_BAD));
            } else {
              n.stats.increment(io.meshage.Counter.BEACONS_BAD);
            }
            continue;
          }
          if (oneArrival) {
            hearers.get(n.part.index).add(t);
          } else {
            part.scheduleAt(n.part, n, part.now + net.delay(name(), t.name()), () -> t.hear(beacon));
          }
        }
        if (oneArrival) {
          for (int i = 0; i < parts.length; i++) {
            if (!hearers.get(i).isEmpty()) {
              part.fanout(parts[i], part.now + Math.max(0, net.defaultDelayNanos)).add(beacon, hearers.get(i));
            }
          }
        }
      }

      @Override
      public void close() {
        beacons = null;
      }
    };
  }

  /** A beacon arrives at this node (dropped if it has crashed or closed its discovery). */
  void hear(Frame.Beacon beacon) {
    BiConsumer<Frame.Beacon, String> b = beacons;
    if (live() && b != null) {
      b.accept(beacon, "127.0.0.1");
    }
  }

  /** Closes the link to {@code peer}; false when there is none. */
  boolean cut(String peer) {
    for (SimConnection c : new ArrayList<>(connections)) {
      if (c.peer != null && c.peer.transport.name().equals(peer) && !c.isClosed()) {
        c.cut("link cut by the simulation");
        return true;
      }
    }
    return false;
  }

  /** The process died: peers see every link drop after one link delay. */
  void crash() {
    closed = true;
    for (SimConnection c : new ArrayList<>(connections)) {
      c.close("peer crashed");
    }
    connections.clear();
  }

  void forget(SimConnection c) {
    connections.remove(c);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    for (SimConnection c : new ArrayList<>(connections)) {
      c.close("transport closed");
    }
    closed = true;
    connections.clear();
  }
}
