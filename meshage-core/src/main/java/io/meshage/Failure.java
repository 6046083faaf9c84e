package io.meshage;

/** Why a recipient did not confirm a message. */
public enum Failure {
  /** No end-to-end ACK arrived within the ACK timeout. */
  TIMEOUT,
  /** No route existed at send time, or the route vanished on the way. */
  UNREACHABLE,
  /** The recipient got it but refused the body (unregistered type, hostile or oversized bytes). */
  REJECTED
}
