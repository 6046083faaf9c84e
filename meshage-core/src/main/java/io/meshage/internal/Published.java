package io.meshage.internal;

import io.meshage.internal.transport.Transport;
import io.meshage.routing.Msa;
import io.meshage.routing.RouteTable;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one way node state crosses threads: the event loop writes here whenever what it owns
 * changes, and reader threads, caller threads and the facade only read. Each value is immutable
 * (or a concurrent map of immutable values), so a reader sees a whole, possibly slightly old view.
 */
public final class Published {
  private volatile Snapshot snapshot;
  private volatile RouteTable routes;
  private final Map<String, Transport.Connection> connections = new ConcurrentHashMap<>();
  private final Map<String, Msa> msas = new ConcurrentHashMap<>();
  private final Map<String, Msa> msasView = Collections.unmodifiableMap(msas);

  public Published(Snapshot initial) {
    this.snapshot = initial;
  }

  // ---------------------------------------------------------------- written by the loop

  public void snapshot(Snapshot s) {
    snapshot = s;
  }

  public void routes(RouteTable r) {
    routes = r;
  }

  public void linkUp(String peer, Transport.Connection c) {
    connections.put(peer, c);
  }

  public void linkDown(String peer, Transport.Connection c) {
    connections.remove(peer, c);
  }

  public void msa(Msa m) {
    msas.put(m.origin(), m);
  }

  public void msaExpired(String origin) {
    msas.remove(origin);
  }

  // ---------------------------------------------------------------- read from any thread

  public Snapshot snapshot() {
    return snapshot;
  }

  /** The route table last computed by the loop; null before the first. */
  public RouteTable routes() {
    return routes;
  }

  /** The connection to neighbour {@code peer} as last published; null when none. */
  public Transport.Connection connectionTo(String peer) {
    return connections.get(peer);
  }

  /** Every MSA held, by origin (live, unmodifiable). */
  public Map<String, Msa> msas() {
    return msasView;
  }
}
