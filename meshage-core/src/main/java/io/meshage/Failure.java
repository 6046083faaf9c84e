package io.meshage;

/**
 * Why a recipient did not confirm a message. Only UNREACHABLE says the recipient certainly did not
 * get it; TIMEOUT and UNCONFIRMED say its fate is unknown (it may have got it and its ACK was lost).
 */
public enum Failure {
  /**
   * Handed to a link toward the recipient, but no end-to-end ACK arrived within the ACK timeout
   * while a route to it existed (the recipient may or may not have got it); also when the node
   * closed with the message waiting, or the message could not be queued (the link's queue full).
   */
  TIMEOUT,
  /**
   * Not delivered: the message never reached a link toward the recipient. The origin had no route
   * to it (an unknown name, or a node outside this part of the mesh), or its link toward it was
   * gone, or the one relay holding the only copy had no link to hand it on to. Never reported for
   * a message that might have reached the recipient.
   */
  UNREACHABLE,
  /**
   * The recipient got it but refused it: the body (unregistered type, hostile or oversized bytes),
   * or, with no message handler registered there yet, its hold of early messages was full (1,024
   * messages or 16 MiB; a message within the hold is delivered to the first handler).
   */
  REJECTED,
  /**
   * Sent, fate unknown: the message was handed to a link toward the recipient, and the recipient
   * became unreachable (its route vanished) before its ACK arrived. Reported as soon as the route
   * vanishes, not at the ACK timeout; the recipient may or may not have got it.
   */
  UNCONFIRMED
}
