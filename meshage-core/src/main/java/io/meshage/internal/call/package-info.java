/**
 * The call engine ({@link io.meshage.internal.call.CallEngine}, {@link
 * io.meshage.internal.call.Call}) under every request path: {@code sendRequest} and {@code
 * sendRpc} ({@code io.meshage.internal.command}) and {@code rpc().call} ({@code io.meshage.rpc}).
 * It owns outstanding calls (ids, per-target result slots, timeouts, targets lost on a topology
 * change, re-sending, closing) and the serving side's dedup and handler placement ({@link
 * io.meshage.HandlerMode}: handler threads or, for direct handlers, the event loop, timed).
 *
 * <h2>Threads</h2>
 *
 * <table>
 *   <caption>Who runs what</caption>
 *   <tr><th>thread</th><th>runs</th><th>touches</th></tr>
 *   <tr><td>caller</td><td>taking ids, opening calls (table insert, timer armed on the loop),
 *       filling slots of targets it finds unreachable</td>
 *       <td>the call table; a call's monitor</td></tr>
 *   <tr><td>event loop</td><td>timers ({@code Call.timeout}); answers looked up and settled;
 *       incoming requests deduplicated and run: direct handlers here, timed, pooled ones handed to
 *       the handler threads</td>
 *       <td>the call table (read), a call's monitor, the seen-set; user code only of handlers
 *       registered {@code DIRECT}</td></tr>
 *   <tr><td>handler threads</td><td>pooled handlers; topology changes (lost targets, re-sends);
 *       calls to self</td><td>a call's monitor, the seen-set</td></tr>
 *   <tr><td>closing thread</td><td>{@code close}</td><td>the closed flag (writer), every call</td></tr>
 * </table>
 *
 * <p>Shared state is concurrent by construction: a concurrent map of calls, a synchronized
 * seen-set, one monitor per call (its slots and finished flag); the volatile fields are the
 * closed flag and each call's timer handle. A call completes once, on the thread that filled its
 * last slot, outside its monitor.
 */
package io.meshage.internal.call;
