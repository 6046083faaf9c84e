package io.meshage.sim;

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
  private final Simulation sim;
  private final Simulation.SimNode owner;
  private final List<SimConnection> connections = new ArrayList<>();
  private Consumer<Connection> acceptor;
  private BiConsumer<Frame.Beacon, String> beacons;
  private int discoveryPort;
  private boolean closed;

  SimTransport(Simulation sim, Simulation.SimNode owner) {
    this.sim = sim;
    this.owner = owner;
  }

  Simulation.SimNode owner() {
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
    Simulation.SimNode target = sim.byPort.get(address.getPort());
    long d = target == null ? sim.defaultDelayNanos : sim.delay(name(), target.config.name());
    sim.schedule(owner, d, () -> {
      SimTransport t = target == null ? null : target.transport;
      if (t == null || !t.live() || t.acceptor == null || sim.blocked(name(), t.name())) {
        sim.schedule(owner, d, () -> done.accept(null, new IOException("connection refused by " + address)));
        return;
      }
      String refusal = SimKeys.refusal(SimKeys.keyring(owner), SimKeys.keyring(t.owner));
      if (refusal != null) {
        owner.stats.increment(io.meshage.Counter.LINK_AUTH_FAILED);
        t.owner.stats.increment(io.meshage.Counter.LINK_AUTH_FAILED);
        sim.schedule(owner, 2 * d, () -> done.accept(null, new IOException(refusal)));
        return;
      }
      SimConnection mine = new SimConnection(sim, this);
      SimConnection theirs = new SimConnection(sim, t);
      mine.peer = theirs;
      theirs.peer = mine;
      if (sim.wire && !SimKeys.keyring(owner).isEmpty()) {
        SimKeys.key(mine, theirs, SimKeys.keyring(owner), sim.random);
      }
      connections.add(mine);
      t.connections.add(theirs);
      t.acceptor.accept(theirs);
      sim.schedule(owner, d, () -> done.accept(mine, null));
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
        // event delivers all beacons of that moment (see BeaconFanout); with them, each receiver
        // has its own event.
        boolean oneArrival = sim.linkDelays.isEmpty();
        List<SimTransport> hearers = oneArrival ? new ArrayList<>() : null;
        io.meshage.internal.security.Keyring mine = SimKeys.keyring(owner);
        for (Simulation.SimNode n : sim.nodes.values()) {
          SimTransport t = n.transport;
          if (t == SimTransport.this || t == null || !t.live() || t.beacons == null
              || t.discoveryPort != discoveryPort || (sim.partitioned && sim.blocked(name(), t.name()))) {
            continue;
          }
          if (sim.loss > 0 && sim.random.nextDouble() < sim.loss) {
            continue;
          }
          if (!SimKeys.beaconOpens(mine, SimKeys.keyring(n))) {
            n.stats.increment(io.meshage.Counter.BEACONS_BAD);
            continue;
          }
          if (oneArrival) {
            hearers.add(t);
          } else {
            sim.schedule(n, sim.delay(name(), t.name()), () -> t.hear(beacon));
          }
        }
        if (oneArrival && !hearers.isEmpty()) {
          sim.fanout(sim.defaultDelayNanos).add(beacon, hearers);
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
