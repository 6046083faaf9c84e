package io.meshage.command;

/** The counters of a node's command layer; read them with {@link MeshCommands#stats()}. */
public enum CommandCounter {
  /** Requests and RPCs sent ({@code sendRequest}, {@code sendRpc}). */
  CALLS_SENT,
  /** Calls answered with a value. */
  CALLS_SUCCEEDED,
  /** Calls failed: remote error, no handler, unreachable, timeout, node closed. */
  CALLS_FAILED,
  /** Calls failed by their timeout. */
  CALLS_TIMED_OUT,
  /** Calls failed because the target left the reachable mesh or had no route. */
  CALLS_UNREACHABLE,
  /** Reliable one-way sends ({@code send}). */
  SENDS,
  /** Unreliable one-way sends ({@code usend}); never ACKed, never retried. */
  USENDS,
  /** Unreliable sends that found no route and were dropped at once. */
  USENDS_NO_ROUTE,
  /** Fan-outs started here ({@code sendMany}). */
  MANY_SENT,
  /** Unreliable fan-outs started here ({@code usendMany}). */
  UMANY_SENT,
  /** Fan-out messages handed on by this node to a child of the relay tree. */
  MANY_RELAYED,
  /** Fan-out children that could not be reached; their share was taken over by the relay. */
  MANY_RELAY_FAILURES,
  /** Fan-out messages handled here (each once). */
  MANY_HANDLED,
  /** Duplicate fan-out messages dropped. */
  MANY_DUPLICATES,
  /** Commands and RPCs whose handler ran here. */
  HANDLED,
  /** Handlers that threw. */
  HANDLER_ERRORS,
  /** Commands and RPCs that arrived for an id without handler. */
  NO_HANDLER,
  /** Answers (responses, reports) dropped here for want of a route back to the caller. */
  ANSWERS_LOST,
  /** Envelopes that could not be decoded. */
  MALFORMED,
  /**
   * Runs of a {@link io.meshage.HandlerMode#DIRECT} handler longer than {@link
   * io.meshage.HandlerMode#DIRECT_WARN_MILLIS} ms on the event loop (the first of each handler is
   * also logged at WARN).
   */
  SLOW_DIRECT_HANDLERS
}
