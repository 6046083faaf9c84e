/**
 * The inside of one node, in layers (data flows down on send, up on receive; each package uses
 * only those below it, and {@code io.meshage.ArchitectureTest} fails on a cycle or an upward
 * dependency):
 *
 * <pre>
 * command     command/     the command layer on the core (requests, RPCs, fan-out)
 * call        call/        the call engine under every request path (outstanding calls, dedup,
 *                          where handlers run); uses only the kernel and the value types
 * node        node/        NodeCore (builds the parts with their constructors and routes events
 *                          between them), TcpNodes (the node factory on real sockets), SendGate
 * messaging   messaging/   OriginSender (set, broadcast from here), Relay (pass on, deliver
 *                          here), NextHops, AckTracker (origin verdicts), AckBatcher (ACKs out),
 *                          LocalDelivery (handlers), Dedup
 * membership  membership/  MsaEngine (originate, flood, age), BeaconDiscovery (degree, beacons)
 * routing     routing/     RouteManager (route table kept in step with the database)
 * security    security/    key step, beacon sealing, record ciphers
 * link        link/        LinkTable (dial, accept, HELLO, one link per peer), Keepalive
 * transports  transport/tcp/ (real sockets), transport/fault/ (fault decorator of any transport)
 * kernel      this package: EventLoop, NodeContext, Published, Snapshot, NodeStats, LayerScheduler
 * transport   transport/   the SPI
 * leaves      codec/       frames (bounds-checked), Kryo bodies with hardened serializers;
 *             keys/        the keyring and HKDF
 * </pre>
 *
 * The public value types ({@code MeshConfig}, {@code Delivery}, {@code Counter}, the exceptions,
 * the SPI interfaces) use only each other and the leaves, so every layer may use them; nothing
 * here refers to the facades ({@code MeshNode}, {@code MeshCommands}, {@code BilateralRpc},
 * {@code Groups}): {@code MeshNode} is built on the {@link io.meshage.internal.node.NodeRuntime}
 * a node factory returns, and builds the layers on top with their constructors. The simulator
 * ({@code io.meshage.sim}) is the other node factory: one more transport and event loop.
 *
 * <h2>Who owns what (threads)</h2>
 *
 * <p>The rule: <b>no user code runs on the event loop</b>, with one exception the user asks for
 * by name: command, request and RPC handlers registered {@code HandlerMode.DIRECT} run on the loop
 * that decoded their request ({@code internal.call.CallEngine} times each run; one longer than
 * {@code HandlerMode.DIRECT_WARN_MILLIS} is logged once and counted). User code is every
 * handler, listener and callback a user registers (message handlers, snoopers, topology and
 * membership listeners, verdict listeners, command and RPC handlers, cluster-information
 * listeners, group hooks) and every callback a user attaches to a future the node returns. The
 * loop runs only the project's own short code; what a user gave it runs on the handler threads.
 *
 * <ul>
 *   <li><b>The event loop</b> (one per node: a thread on TCP, the discrete-event queue in the
 *       simulator) owns all mutable mesh state: the link table, the link-state database, routes,
 *       pending ACKs, ACK batches, dedup windows, discovery and MSA timers. Every class under
 *       {@code link}, {@code membership}, {@code routing} and {@code messaging} runs on it,
 *       unless a method's javadoc says otherwise.
 *   <li><b>TCP links</b> have no threads of their own: the loop waits in a selector
 *       ({@code ThreadEventLoop} is the transport's {@code tcp.IoLoop}), reads every link there,
 *       decodes frames in place (names from a {@code codec.NameCache} of that link's
 *       {@code tcp.FrameReader}) and hands each read's frames to the link table as one batch;
 *       before it decodes what one read returned it runs the tasks queued so far, so that work a
 *       caller posted before the peer answered (the ACK wait of {@code OriginSender.sendOneNow}) is
 *       in place first. Frames leave through a link's {@code tcp.LinkWriter}, control frames and ACKs before data and
 *       data before bulk ({@code codec.FrameClass}): the loop flushes
 *       every link it queued to once its batch of tasks is done, callers flush their own frames,
 *       and no thread ever blocks on a socket (what the socket does not take waits for the
 *       selector to report it writable). A keyed link runs its key step on the loop too,
 *       without blocking ({@code tcp.KeyStep}), bounded by the handshake timeout. Besides the
 *       loop, a TCP transport has an accept thread per listening socket, a small pool of dial
 *       threads (connecting, bounded by the connect timeout) and a thread receiving discovery
 *       beacons; each only hands what it got to the loop.
 *   <li><b>Caller threads</b> (users, handler threads) never touch loop state. They post work
 *       with {@code loop.execute}, or use one of the two caller fast paths, which read only
 *       {@link io.meshage.internal.Published} and write onto a link's connection:
 *       {@code OriginSender.sendUnreliableNow}, and {@code OriginSender.sendOneNow} (a blocking
 *       {@code set} to one recipient), which first posts the message's ACK wait to the loop, so
 *       that it is in place before the ACK can arrive (the loop runs the tasks queued before it
 *       decodes what it read), then writes without blocking.
 *       A {@code set} or {@code broadcast} is posted as one object that is both the loop task and
 *       the caller's future ({@code SendGate.Send}); its slot of the send window ({@code SendWindow}) is
 *       given back by whichever thread completes that future first.
 *   <li><b>Handler threads</b> (the node's executor) run user handlers, listeners and
 *       callbacks, and complete the futures users hold; the loop hands them work with
 *       {@code Executor.execute} and never waits for them.
 * </ul>
 *
 * <p>Futures cross from the loop to users in one of three ways, and only these:
 *
 * <ol>
 *   <li>The loop hands the completion to a handler thread (the ACK tracker completes a batch of
 *       verdicts in one task; failures of a closed node's sends go the same way).
 *   <li>The future is a {@link io.meshage.internal.HandoffFuture} (requests, RPCs and fan-outs of
 *       the command layer, {@code setAsync} and {@code broadcastAsync}): its outcome is settled on
 *       the loop, so a thread blocked in {@code get()} is woken by the loop at once (the blocking
 *       caller's fast path), while everything that hangs on it (callbacks, derived stages,
 *       {@code allOf}, {@code thenCompose} relays, futures combined with it) runs on that woken
 *       caller's thread, or, when nobody waited, in a task on the handler threads.
 *   <li>A blocking {@code set} or {@code broadcast} ({@link io.meshage.internal.DirectFuture}):
 *       the loop completes it outright, because nobody but the blocked caller ever sees it; its
 *       verdict listeners run on the caller's thread as it wakes (a handler thread when the caller
 *       stopped waiting).
 * </ol>
 *
 * <p>In the simulator the one simulation thread is the loop of every node and the handler
 * executor queues a separate event; the same hand-offs apply, so user code runs in events of its
 * own, never inside a node's loop event.
 *
 * <p>The one mechanism that crosses threads is {@link io.meshage.internal.Published}: the loop
 * writes immutable snapshots, route tables and neighbour connections there, and publishes the
 * link-state database's read-only MSA view; everyone else only reads. A snapshot's map views
 * ({@code mesh}, {@code reachable}) are derived from its immutable part on first read, by the
 * reading thread. Registrations (handlers, listeners) live in concurrent collections
 * ({@code messaging.HandlerRegistry}); a TCP node's {@link io.meshage.internal.NodeStats} are owned by
 * its loop thread ({@code NodeStats.ownedBy}: the loop's adds are plain release stores, other
 * threads' go to adders); the send window ({@code SendWindow}) is counted by callers in one word
 * and by completing threads in striped cells; what only the loop writes of a
 * {@code ThreadEventLoop} (batch lists, timer sequence, recent clock, wake-up time) sits in a
 * padded object apart from what callers read;
 * {@link io.meshage.internal.NodeContext#isClosed()} is volatile and written by the loop only.
 * Transports and the fault decorator are thread-safe by themselves.
 */
package io.meshage.internal;
