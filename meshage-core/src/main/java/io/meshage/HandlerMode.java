package io.meshage;

/**
 * Where a command, request, RPC or {@code rpc()} method handler runs, chosen when it is
 * registered ({@code commands().handleCommand(id, handler, mode)}, {@code
 * commands().handleRpc(id, handler, mode)}, {@code rpc().register(receiver, mode)}).
 *
 * <p>{@link #POOLED}, the default, runs the handler on the node's handler threads: it may block,
 * take locks, call other nodes and wait. {@link #DIRECT} runs it on the thread that decoded the
 * request, the node's event loop, and saves the hand-off to a handler thread (as gRPC's {@code
 * directExecutor()} and Netty's handlers do): about half the round trip of a small call. A
 * direct handler must be short and never block: while it runs, the node reads no socket, sends
 * no ACK and fires no timer. One that runs longer than {@link #DIRECT_WARN_MILLIS} ms is logged
 * once per handler at WARN, with its id, and counted ({@code SLOW_DIRECT_HANDLERS} in {@code
 * CommandStats} and {@code RpcStats}), so a mistaken registration shows. Requests a node sends to
 * itself, and fan-out messages ({@code sendMany}), run on the handler threads in either mode.
 */
public enum HandlerMode {
  /** On the node's handler threads (the default): the handler may block. */
  POOLED,
  /** On the event loop that decoded the request: the handler must be short and never block. */
  DIRECT;

  /** A direct handler that runs longer than this many milliseconds is logged (once) and counted. */
  public static final long DIRECT_WARN_MILLIS = 10;
}
