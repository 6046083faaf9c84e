/**
 * The command layer behind {@link io.meshage.command.MeshCommands}: ids, handlers and where they
 * run ({@link io.meshage.internal.command.CommandRegistry}), requests and RPCs as calls on the
 * layer's {@link io.meshage.internal.call.CallEngine} ({@code Requests}, {@code CommandCall}: the
 * engine owns ids, timeouts, targets lost, closing and the dedup of incoming requests), one-way
 * sends ({@code OneWaySender}), relay-tree
 * fan-out ({@code RelayFanout}, {@code PendingFanout}, {@code RelayTree}), incoming traffic
 * ({@code Inbox}), sends that need no ACK ({@code Outbox}) and the wire form ({@code Envelope}).
 * {@link io.meshage.internal.command.CommandLayer} wires them and attaches them to a node core.
 *
 * <h2>Threads</h2>
 *
 * Three kinds of thread touch the layer; this is what each one runs and may touch.
 *
 * <table>
 *   <caption>Who runs what</caption>
 *   <tr><th>thread</th><th>runs</th><th>touches</th></tr>
 *   <tr><td>caller (any user thread)</td>
 *       <td>argument checks and encoding; registering handlers; starting calls (the request goes
 *       onto the link from this thread with {@code NodeCore.sendUnreliableNow}) and fan-outs;
 *       closing</td>
 *       <td>registry maps; call table insert; fan-out table insert; the closed flag (writer)</td></tr>
 *   <tr><td>event loop</td>
 *       <td>{@code Inbox.fromLoop}: answers complete their call here, requests (deduplicated by
 *       the engine) go to a handler thread, or run here when their handler is registered
 *       {@code HandlerMode.DIRECT} (timed: a slow one is logged once and counted);
 *       timers: call timeouts, fan-out expiry, relay retries, which hand their work to a handler
 *       thread; reliable and unreliable sends through the node's origin sender</td>
 *       <td>the engine's call table (completing answers) and seen-set; user code only of direct
 *       handlers</td></tr>
 *   <tr><td>handler threads (the node's executor)</td>
 *       <td>{@code Inbox.dispatch}: handlers, their answers and fan-out reports (sent with
 *       {@code sendUnreliableNow}); relaying fan-outs; delivery verdicts of one-way sends and
 *       relay children (the ACK tracker completes those futures here); topology changes</td>
 *       <td>registry (read); the engine's call table; fan-out table and each pending fan-out's
 *       monitor; the seen sets</td></tr>
 * </table>
 *
 * <p>The hand-offs between them are explicit and few: caller to loop with {@code
 * EventLoop.execute} (reliable sends) or to a timer with {@code EventLoop.schedule}; loop to
 * handler threads with {@code Executor.execute}; completing a future on the loop is safe because
 * call and fan-out futures are {@code HandoffFuture}s (a blocked caller is woken there, every
 * callback runs on the handler threads). Shared state is concurrent by construction (concurrent maps, adders,
 * synchronized seen sets, one monitor per call and per fan-out); the only volatile fields are
 * the engine's closed flag and the timer handles, each commented with its writer and readers.
 */
package io.meshage.internal.command;
