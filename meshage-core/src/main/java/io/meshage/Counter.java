package io.meshage;

/** The counters a node keeps; read them with {@link MeshNode#stats()}. */
public enum Counter {
  FRAMES_IN,
  FRAMES_OUT,
  BYTES_IN,
  BYTES_OUT,
  MSA_ORIGINATED,
  MSA_FORWARDED,
  MSA_SENT,
  MSA_RECEIVED,
  MSA_DROPPED,
  MSA_STALE_REPLIES,
  MSA_EXPIRED,
  SUMMARIES_SENT,
  LINKS_OPENED,
  LINKS_CLOSED,
  HANDSHAKE_REFUSED,
  KEEPALIVE_TIMEOUTS,
  /** Links dropped because the neighbour fell silent while this node was sending to it. */
  BUSY_LINK_TIMEOUTS,
  /** Links dropped by the adaptive detector: silent past what their own arrivals made normal. */
  ADAPTIVE_TIMEOUTS,
  /** Keepalive checks that found this node's own loop late (a pause here): silences were forgiven by it. */
  LOCAL_STALLS,
  PROTOCOL_ERRORS,
  BEACONS_SENT,
  BEACONS_RECEIVED,
  BEACONS_BAD,
  DIALS,
  /** Edge swaps: a full node took a link into another part and shed one of its own. */
  LINK_SWAPS,
  ROUTE_CHANGES,
  DATA_SENT,
  DATA_FORWARDED,
  /** Messages handed to this node's handlers (it was a recipient). */
  DATA_DELIVERED,
  DATA_DUPLICATES,
  DATA_DROPPED,
  ACKS_SENT,
  ACKS_RECEIVED,
  /** ACK frames sent again along a new route after a topology change. */
  ACKS_RESENT,
  /** Messages sent again, to recipients still waiting, along new routes after a topology change. */
  DATA_RESENT,
  /** Command and RPC answers sent again along a new route after a topology change. */
  REPLIES_RESENT,
  /**
   * Recipients of this node's own sends that ACKed delivery (one per recipient; {@link #DATA_DELIVERED}
   * counts messages handed to this node's handlers).
   */
  RECIPIENTS_DELIVERED,
  /** Recipients of this node's own sends that did not ACK within the ACK timeout. */
  RECIPIENTS_TIMEOUT,
  /** Recipients of this node's own sends reported unreachable (the message never reached a link toward them). */
  RECIPIENTS_UNREACHABLE,
  /** Recipients of this node's own sends that could not decode the body. */
  RECIPIENTS_REJECTED,
  HANDLER_ERRORS,
  /** Frames dropped by an injected fault (loss or a blocked peer). */
  FAULT_DROPPED,
  /** Frames sent twice by an injected fault. */
  FAULT_DUPLICATED,
  /** Frames held back by an injected delay or freeze. */
  FAULT_DELAYED,
  /** Bulk frames (file parts) sent with a byte flipped by an injected fault. */
  FAULT_CORRUPTED,
  /** Links refused by the key step or closed because a record failed authentication. */
  LINK_AUTH_FAILED,
  /** Authentic beacons refused as replays (outside the window or seen before). */
  BEACONS_REPLAYED,
  /** Accepted connections closed at once: the bound on handshakes under way (in total or from their address) was reached. */
  HANDSHAKES_OVER_BOUND,
  /** Errors of the accept thread (it carries on). */
  ACCEPT_ERRORS,
  /** Frames or beacons refused for a node name or namespace that breaks the naming rule. */
  NAMES_REFUSED,
  /** Frames dropped by strict mode (origin not in the topology, MSA not over its origin's link). */
  STRICT_REJECTED,
  /**
   * Name conflicts settled by this node: a newcomer refused because another live instance holds
   * its name, or (on the newcomer) this node refused and stopped.
   */
  NAME_CONFLICTS,
  /** MSAs dropped because they announce another instance of a name held by a live neighbour or this node. */
  MSA_CONFLICTS,
  /** Stale MSAs not answered because their origin was answered within the stale-reply interval. */
  MSA_STALE_SUPPRESSED,
  /** Recipients of this node's own sends that ended UNCONFIRMED: handed on, route vanished before the ACK. */
  RECIPIENTS_UNCONFIRMED,
  /** Automatic links dropped to come down to a lowered degree. */
  LINKS_SHED
}
