package io.meshage.rpc;

/** What the RPC layer counts (see {@link RpcStats}). */
public enum RpcCounter {
  /** Calls made by this node (one per call, however many targets). */
  CALLS,
  /** Casts made by this node. */
  CASTS,
  /** Requests (calls and casts) this node ran a method for. */
  REQUESTS_HANDLED,
  /** Requests for a method this node does not serve. */
  NO_SUCH_METHOD,
  /** Requests whose method threw, or whose argument did not suit it. */
  REMOTE_ERRORS,
  /** Target results of this node's calls, by final status. */
  RESULTS_OK,
  RESULTS_REMOTE_ERROR,
  RESULTS_TIMEOUT,
  RESULTS_UNREACHABLE,
  RESULTS_NO_SUCH_METHOD,
  RESULTS_PENDING,
  /** Replies that came after their call had completed (or from a node not asked). */
  LATE_REPLIES,
  /** Requests seen twice (routes changed on the way) and run once. */
  DUPLICATE_REQUESTS,
  /** Replies this node could not send back (no route to the caller). */
  REPLIES_LOST,
  /** RPC messages that could not be decoded, dropped. */
  MALFORMED,
  /** Requests of idempotent methods sent again to targets that had not answered. */
  RETRIES,
  /** Calls whose timeout was below {@link BilateralRpc#MIN_TIMEOUT} and was raised to it. */
  TIMEOUTS_RAISED,
  /**
   * Runs of a method registered {@link io.meshage.HandlerMode#DIRECT} longer than {@link
   * io.meshage.HandlerMode#DIRECT_WARN_MILLIS} ms on the event loop (the first of each method is
   * also logged at WARN).
   */
  SLOW_DIRECT_HANDLERS
}
