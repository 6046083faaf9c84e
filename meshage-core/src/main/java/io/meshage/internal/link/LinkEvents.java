package io.meshage.internal.link;

import io.meshage.internal.codec.Frame;

/** What the link table tells the rest of the node; every method runs on the event loop. */
public interface LinkEvents {
  /**
   * Whether an automatic (discovered, not dialed by hand) link to {@code peer} may be added now:
   * null to accept, otherwise the reason it is refused.
   */
  String refuseAutomatic(String peer);

  /** A link finished its handshake; {@code newPeer} is false when it replaced a link to the same instance. */
  void linkUp(Link link, boolean newPeer);

  /**
   * An automatic link to a peer this node had no link to is up (after {@link #linkUp}): the place
   * where a node that went past its degree by an edge swap drops one link again.
   */
  void automaticLinkAdded(Link link);

  /**
   * An established link went down (not one silently replaced by a newer link to the same peer),
   * for {@code reason}.
   */
  void linkDown(Link link, String reason);

  /**
   * Describes the live instance of {@code name} other than {@code instance} known here, which
   * keeps the name, or null when {@code name}/{@code instance} may link (see {@code LiveNames}).
   */
  String nameHeldElsewhere(String name, long instance);

  /** Another live instance keeps this node's name: the node stops (called once per conflict, on the loop). */
  void nameLost(io.meshage.NameConflictException conflict);

  /** A frame other than HELLO arrived on an established link. */
  void frameArrived(Link link, Frame frame);
}
