package io.meshage.internal.membership;

import io.meshage.internal.NodeContext;
import io.meshage.internal.link.Link;
import io.meshage.internal.link.LinkTable;
import io.meshage.internal.routing.RouteManager;
import io.meshage.routing.LinkStateDatabase;
import io.meshage.routing.Msa;
import io.meshage.routing.RouteTable;
import java.util.Optional;

/**
 * One live instance per name in a namespace. The instance a node already knows to be live keeps
 * the name; another instance of it is refused. An instance is live for this node when
 *
 * <ul>
 *   <li>it is this node itself, or
 *   <li>this node holds an established link to it that was heard from within two keepalive
 *       intervals (both ends ping every interval; a link is dropped at once when its peer closes
 *       or dies, and at the keepalive timeout when it goes silent), or
 *   <li>its MSA is held and it is reachable over two-way links through a neighbour this node has
 *       a link to (so some node still holds a live link to it), unless this node's own link to
 *       that instance went down and no MSA of it came since: a live instance announces the loss
 *       of a link at once, a dead one cannot. (Without this, a restarted node that links to one
 *       neighbour first is refused by the others: that neighbour now lists the name, and the old
 *       instance's MSA, still held, lists it back.)
 * </ul>
 *
 * A restarted node is a new instance whose old one is gone: its neighbours dropped their links
 * to it at once on a close and flooded that, or (when it vanished silently) hear nothing from it
 * for two keepalive intervals, so the old instance is no longer live and the new one replaces it.
 * Owned by the event loop.
 */
public final class LiveNames {
  private final NodeContext node;
  private final LinkTable links;
  private final RouteManager routes;
  private final LinkStateDatabase lsdb;
  /** Instances whose link to this node went down, with the sequence of their MSA held then (loop). */
  private final java.util.Map<String, Departed> departed = new java.util.LinkedHashMap<>();

  private record Departed(long instance, int sequence) {}

  public LiveNames(NodeContext node, LinkTable links, RouteManager routes, LinkStateDatabase lsdb) {
    this.node = node;
    this.links = links;
    this.routes = routes;
    this.lsdb = lsdb;
  }

  /**
   * Describes the live instance (other than {@code instance}) that holds {@code name} for this
   * node, or null when none does and {@code name}/{@code instance} may join.
   */
  public String heldElsewhere(String name, long instance) {
    if (name.equals(node.self())) {
      return instance == node.instance() ? null : "instance " + node.instance() + " at " + links.listenAddress();
    }
    Link l = links.get(name);
    if (l != null) {
      return l.peerInstance() == instance || silent(l) ? null : "instance " + l.peerInstance() + " at " + l.peerAddress();
    }
    Optional<Msa> held = lsdb.get(name);
    if (held.isEmpty() || held.get().instance() == instance) {
      return null;
    }
    Departed gone = departed.get(name);
    if (gone != null && gone.instance() == held.get().instance() && gone.sequence() == held.get().sequence()) {
      return null; // its link here went down and it has said nothing since: presumed dead
    }
    RouteTable r = routes.current();
    String hop = r.nextHop(name).orElse(null);
    if (hop == null || hop.equals(name) || links.get(hop) == null) {
      return null;
    }
    return "instance " + held.get().instance() + ", reached via " + hop;
  }

  /**
   * This node's link to {@code peer} ({@code instance}) went down: remembered with the sequence of
   * the peer's MSA held now, until the name links again or {@link #MAX_DEPARTED} others came after.
   */
  public void linkDown(String peer, long instance) {
    if (peer == null) {
      return;
    }
    int sequence = lsdb.get(peer).filter(m -> m.instance() == instance).map(Msa::sequence).orElse(Integer.MIN_VALUE);
    departed.remove(peer);
    departed.put(peer, new Departed(instance, sequence));
    if (departed.size() > MAX_DEPARTED) {
      departed.remove(departed.keySet().iterator().next());
    }
  }

  /** Bound on the instances remembered by {@link #linkDown} (oldest forgotten first). */
  static final int MAX_DEPARTED = 4096;

  /**
   * Whether {@code msa} announces another instance of a name whose live instance this node knows
   * first hand: itself, or a neighbour it holds a link to. Such an MSA is dropped unanswered (the
   * answer would be fought over forever).
   */
  public boolean conflicts(Msa msa) {
    if (msa.origin().equals(node.self())) {
      return msa.instance() != node.instance();
    }
    Link l = links.get(msa.origin());
    return l != null && l.peerInstance() != msa.instance() && !silent(l);
  }

  /** Whether {@code l} was not heard from for two keepalive intervals: its peer is presumed gone. */
  private boolean silent(Link l) {
    return node.loop().nanoTime() - l.lastHeardNanos() > 2 * node.config().keepaliveInterval().toNanos();
  }
}
