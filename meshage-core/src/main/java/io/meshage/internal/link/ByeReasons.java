package io.meshage.internal.link;

/** How the link table's BYE frames say why: the reasons that the receiving end acts on. */
final class ByeReasons {
  private ByeReasons() {}

  /**
   * How a BYE that refuses a HELLO because the name is held by another live instance begins (the
   * rest names the holder); a node refused so while it has no link yields: it stops.
   */
  static final String NAME_TAKEN = "name taken: ";
  /**
   * How a BYE begins that refuses a HELLO because the name is held by an instance known only
   * second hand (reachable through a neighbour): the link is refused, the node does not yield.
   */
  static final String NAME_IN_USE = "name in use: ";
  /** How a user's hangup starts its BYE reason. */
  static final String HANGUP_BY = "hangup by ";

  /** The BYE reason of a link replaced by a simultaneous dial. */
  static final String REPLACED = "replaced by a simultaneous dial";
}
