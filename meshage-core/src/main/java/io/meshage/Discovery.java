package io.meshage;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A pluggable source of candidate nodes, for networks where broadcast beacons do not pass (set it
 * with {@link MeshConfig.Builder#discovery(Discovery)}; {@code meshage-jgroups} has one backed by
 * a JGroups channel). It only learns who exists: the node still applies its degree rule, dials
 * candidates and routes as usual.
 *
 * <p>A {@code Discovery} is a factory: {@link #open} is called once per node start, so one
 * instance may serve several nodes. The node drives announcements: {@link Session#announce} is
 * called whenever broadcast discovery would send a beacon (backed off while the node wants links;
 * when full, only the smallest node of each part announces, with {@code wanted} 0, so that parts
 * that filled up apart still hear of each other). Every candidate reported through {@link
 * Context#candidate} is treated exactly like a beacon heard from that node (and counted in {@code
 * BEACONS_RECEIVED}).
 *
 * <p>With {@code discoveryPort} set as well, the node uses both: broadcast beacons and this
 * source. It is meant for nodes on real sockets; in the simulator, whose clock is virtual, a
 * source would have to report candidates from the simulation's own thread to stay replayable.
 */
public interface Discovery {

  /**
   * Starts discovery for one node; called once, on the starting thread, after the node's listener
   * is bound. An IOException fails the node's start.
   */
  Session open(Context context) throws IOException;

  /** What a discovery session knows of its node, and where it reports candidates. */
  interface Context {
    /** The node's name (unique within its namespace). */
    String name();

    /** The node's namespace: report only candidates of this namespace. */
    String namespace();

    /** The TCP address the node listens on (its host may be the wildcard address). */
    InetSocketAddress listenAddress();

    /**
     * The address other nodes should dial: the node's {@code advertise} address when it has one
     * (unresolved; the listening port when it names none), else {@link #listenAddress()}.
     */
    default InetSocketAddress advertisedAddress() {
      return listenAddress();
    }

    /**
     * Reports a node that listens at {@code address} and wants {@code wanted} more links (0: it
     * is full, which can still make a full part of the mesh open up to join it). Thread-safe and
     * non-blocking: the node handles it on its event loop; its own name and names of other
     * namespaces are ignored there.
     */
    void candidate(String name, String namespace, InetSocketAddress address, int wanted);

    /** {@link #candidate(String, String, InetSocketAddress, int)} in this node's namespace, wanting one link. */
    default void candidate(String name, InetSocketAddress address) {
      candidate(name, namespace(), address, 1);
    }
  }

  /** One node's discovery; closed when the node closes. */
  interface Session extends AutoCloseable {
    /**
     * Tells other nodes that this one exists and wants {@code wanted} more links. Called on the
     * node's event loop: it must not block (hand slow work to a thread of its own).
     */
    void announce(int wanted);

    /** Stops discovery; must not throw and must return promptly. */
    @Override
    void close();
  }
}
