package io.meshage;

/**
 * Told of every verdict of {@link MeshNode#set} and {@link MeshNode#broadcast} (and their async
 * forms) with the time from the send to the verdict, e.g. for latency metrics. Registered with
 * {@link MeshNode#onVerdict}; never runs on the node's event loop: for a blocking send, on the
 * caller's thread as it wakes with the verdict (or on a handler thread when it stopped waiting),
 * otherwise on one of the node's handler threads. The listeners of one verdict run in the order of
 * registration, possibly just after the caller has seen the verdict; verdicts of different sends
 * may be told concurrently.
 */
@FunctionalInterface
public interface VerdictListener {
  /**
   * @param delivery the verdict, or null when the send failed as a whole
   * @param error why the send failed as a whole (then {@code delivery} is null), else null
   * @param nanos time from the hand-off of the send to its verdict
   */
  void verdict(Delivery delivery, Throwable error, long nanos);
}
