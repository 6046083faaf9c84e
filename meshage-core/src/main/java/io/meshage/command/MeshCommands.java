package io.meshage.command;

import io.meshage.internal.EventLoop;
import io.meshage.internal.HandoffFuture;
import io.meshage.internal.NodeCore;
import io.meshage.internal.codec.BodyCodec;
import io.meshage.internal.codec.Frame;
import io.meshage.Delivery;
import io.meshage.Failure;
import io.meshage.MeshException;
import io.meshage.MeshTimeoutException;
import io.meshage.Message;
import io.meshage.RemoteHandlerException;
import io.meshage.UnreachableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Diarkis-style server-to-server commands on the mesh: register handlers by command id, send
 * requests that return a response map, reliable ({@link #send}) and unreliable ({@link #usend})
 * one-way commands, tree fan-out to many nodes ({@link #sendMany}), and byte[] RPCs ({@link
 * #sendRpc}). Get it from {@code node.commands()}; thread-safe.
 *
 * <p><b>Ids.</b> Command and RPC ids are 0 to {@value #MAX_ID} (Diarkis' uint16); commands and RPCs
 * have separate id spaces. Ids 0 to {@value #RESERVED_MAX} belong to meshage itself: {@link
 * #handleCommand} and {@link #handleRpc} refuse them with IllegalArgumentException; meshage's own
 * layers register theirs with {@link #handleReservedCommand} (the CLI's {@code mesh send} uses
 * {@link #SHELL_COMMAND}). Registering an id twice throws IllegalStateException.
 *
 * <p><b>Data.</b> Request and response maps follow {@link RequestData}: anything it cannot encode
 * throws IllegalArgumentException from the calling method, before anything is sent.
 *
 * <p><b>Failures.</b> Every future completes, at the latest when its timeout passes (default: the
 * node's {@code ackTimeout}). It fails with {@link RemoteHandlerException} when the remote handler
 * threw (its message included), {@link NoSuchCommandException} when the remote node has no handler
 * for the id, {@link UnreachableException} when the target is not in the mesh, has no route, or
 * leaves the reachable mesh while the call is pending (the request's end-to-end ACK reports it, and
 * topology changes are watched, so this comes before the timeout), {@link MeshTimeoutException}
 * when no answer came in time, and {@link PartialFailureException} when a fan-out was not handled
 * by every node. Futures complete off the node's event loop.
 *
 * <p><b>Fan-out.</b> {@code sendMany(cmd, nodes, data, limit)} sends to at most {@code limit}
 * nodes; each of them handles the command and hands the rest of its share on to at most {@code
 * limit} others (the relay tree travels in the message), so {@code n} nodes are reached in about
 * {@code log_limit(n)} relay steps. Each node reports its verdict straight to the origin; a relay
 * whose child cannot be reached reports that child as failed and hands the child's share on
 * itself. A node listed twice or reached twice handles the message once.
 */
public final class MeshCommands {
  private static final Logger LOG = LogManager.getLogger(MeshCommands.class);

  /** The highest id of meshage's own commands; applications use ids above it. */
  public static final int RESERVED_MAX = 10_000;

  /** The highest command or RPC id. */
  public static final int MAX_ID = 65_535;

  /** The reserved command the CLI's {@code mesh send} runs on other nodes. */
  public static final int SHELL_COMMAND = 100;

  /** The mesh channel of command traffic ({@link Frame#USER} is 0). */
  static final byte CHANNEL = 1;

  /** How long a relay waits for routes to settle before trying an unreachable child again. */
  private static final long RETRY_DELAY_NANOS = 50_000_000L;

  private final NodeCore core;
  private final Executor completions;
  private final String self;
  private final CommandStats stats = new CommandStats();
  private final Map<Integer, CommandHandler> commands = new ConcurrentHashMap<>();
  private final Map<Integer, RpcHandler> rpcs = new ConcurrentHashMap<>();
  private final Map<Long, Call<?>> calls = new ConcurrentHashMap<>();
  private final Map<Long, Fanout> fanouts = new ConcurrentHashMap<>();
  private final SeenSet seenFanouts = new SeenSet(8192);
  private final SeenSet seenRequests = new SeenSet(8192);
  private final AtomicLong nextCall;
  private final AtomicBoolean watching = new AtomicBoolean();
  private volatile boolean closed;

  private MeshCommands(NodeCore core, Executor completions) {
    this.core = core;
    this.completions = completions;
    this.self = core.name();
    this.nextCall = new AtomicLong(core.instance() * 0x9E3779B97F4A7C15L);
  }

  /**
   * Attaches the command layer to a node. Internal: use {@code node.commands()}, which creates it
   * once per node.
   *
   * @param completions where futures complete and local handlers run (never the event loop)
   */
  public static MeshCommands attach(NodeCore core, Executor completions) {
    MeshCommands c = new MeshCommands(core, completions);
    core.addLoopHandler(CHANNEL, c::messageArrived);
    core.addReaderHandler(CHANNEL, c::answerFromReader);
    return c;
  }

  /** Starts watching the topology for targets that vanish (on the first call that needs it). */
  private void watchTopology() {
    if (!watching.get() && watching.compareAndSet(false, true)) {
      core.addTopologyListener(mesh -> topologyChanged());
    }
  }

  /** This layer's counters. */
  public CommandStats stats() {
    return stats;
  }

  // ---------------------------------------------------------------- registration

  /**
   * Registers the handler of command {@code command} (above {@value #RESERVED_MAX}).
   *
   * @throws IllegalArgumentException for a reserved or out-of-range id
   * @throws IllegalStateException when the id already has a handler
   */
  public void handleCommand(int command, CommandHandler handler) {
    checkApplicationId(command, "command");
    register(commands, command, handler, "command");
  }

  /**
   * Registers a handler for a reserved command id (0 to {@value #RESERVED_MAX}). For meshage's own
   * layers only, such as the CLI's {@code mesh send} ({@link #SHELL_COMMAND}); applications use
   * {@link #handleCommand}.
   */
  public void handleReservedCommand(int command, CommandHandler handler) {
    if (command < 0 || command > RESERVED_MAX) {
      throw new IllegalArgumentException(
          "reserved command ids are 0-" + RESERVED_MAX + ", got " + command);
    }
    register(commands, command, handler, "command");
  }

  /**
   * Registers the handler of RPC {@code rpc} (above {@value #RESERVED_MAX}).
   *
   * @throws IllegalArgumentException for a reserved or out-of-range id
   * @throws IllegalStateException when the id already has a handler
   */
  public void handleRpc(int rpc, RpcHandler handler) {
    checkApplicationId(rpc, "RPC");
    register(rpcs, rpc, handler, "RPC");
  }

  /** Removes the handler of {@code command}; false when there was none. */
  public boolean removeCommand(int command) {
    return commands.remove(command) != null;
  }

  /** Removes the handler of {@code rpc}; false when there was none. */
  public boolean removeRpc(int rpc) {
    return rpcs.remove(rpc) != null;
  }

  /** Whether {@code command} has a handler on this node (Diarkis' IsCommandDuplicate). */
  public boolean isHandled(int command) {
    return commands.containsKey(command);
  }

  private static <H> void register(Map<Integer, H> map, int id, H handler, String what) {
    Objects.requireNonNull(handler, "handler");
    if (map.putIfAbsent(id, handler) != null) {
      throw new IllegalStateException(what + " " + id + " already has a handler");
    }
  }

  private static void checkApplicationId(int id, String what) {
    if (id >= 0 && id <= RESERVED_MAX) {
      throw new IllegalArgumentException(
          what + " id " + id + " is reserved (0-" + RESERVED_MAX + " belong to meshage); use "
              + (RESERVED_MAX + 1) + "-" + MAX_ID);
    }
    checkId(id, what);
  }

  private static void checkId(int id, String what) {
    if (id < 0 || id > MAX_ID) {
      throw new IllegalArgumentException(what + " id must be in 0-" + MAX_ID + ", got " + id);
    }
  }

  // ---------------------------------------------------------------- requests

  /** Sends a request and completes with the response map; times out after the ACK timeout. */
  public CompletableFuture<Map<String, Object>> sendRequest(
      int command, String node, Map<String, ?> data) {
    return sendRequest(command, node, data, defaultTimeout());
  }

  /**
   * Sends a request to {@code node}'s handler of {@code command} and completes with its response.
   *
   * @throws IllegalArgumentException for a bad id, node name, timeout, or data that cannot be sent
   */
  public CompletableFuture<Map<String, Object>> sendRequest(
      int command, String node, Map<String, ?> data, Duration timeout) {
    checkId(command, "command");
    checkNode(node);
    long nanos = checkTimeout(timeout);
    byte[] payload = encodeData(data);
    Call<Map<String, Object>> call =
        new Call<>(nextCall.incrementAndGet(), node, command, "command", RequestData::decode);
    start(call, Envelope.call(Envelope.REQUEST, command, call.id, payload), nanos);
    return call.future;
  }

  /** Sends an RPC and completes with the reply bytes; times out after the ACK timeout. */
  public CompletableFuture<byte[]> sendRpc(int rpc, String node, byte[] payload) {
    return sendRpc(rpc, node, payload, defaultTimeout());
  }

  /**
   * Calls {@code node}'s handler of {@code rpc} with {@code payload} and completes with its reply.
   *
   * @throws IllegalArgumentException for a bad id, node name, timeout, or a payload too large
   */
  public CompletableFuture<byte[]> sendRpc(int rpc, String node, byte[] payload, Duration timeout) {
    checkId(rpc, "RPC");
    checkNode(node);
    Objects.requireNonNull(payload, "payload");
    long nanos = checkTimeout(timeout);
    Call<byte[]> call = new Call<>(nextCall.incrementAndGet(), node, rpc, "RPC", bytes -> bytes);
    start(call, Envelope.call(Envelope.RPC_REQUEST, rpc, call.id, payload), nanos);
    return call.future;
  }

  private void start(Call<?> call, Envelope request, long timeoutNanos) {
    BodyCodec.Encoded body = encodeBody(request);
    watchTopology();
    stats.increment(CommandCounter.CALLS_SENT);
    if (closed) {
      call.fail(new MeshException("node " + self + " is closed"));
      return;
    }
    if (call.target.equals(self)) {
      calls.put(call.id, call);
      call.timer = core.loop().schedule(() -> timedOut(call, timeoutNanos), timeoutNanos);
      completions.execute(() -> envelopeArrived(request, self));
      return;
    }
    if (!core.msas().containsKey(call.target)) {
      call.fail(unreachable(call.target, "it is not in the mesh of " + self));
      return;
    }
    calls.put(call.id, call);
    call.timer = core.loop().schedule(() -> timedOut(call, timeoutNanos), timeoutNanos);
    // The answer confirms delivery, so the request itself travels without an end-to-end ACK,
    // straight from the caller's thread onto the link; a target that leaves the mesh is caught
    // by the topology watch.
    if (core.sendUnreliableNow(CHANNEL, List.of(call.target), body) == 0) {
      calls.remove(call.id);
      call.timer.cancel();
      call.fail(unreachable(call.target, "there is no route to it from " + self));
    }
  }

  private void timedOut(Call<?> call, long nanos) {
    if (calls.containsKey(call.id)) {
      completions.execute(
          () ->
              call.fail(
                  new MeshTimeoutException(
                      call.kind + " " + call.command + " to " + call.target + ": no answer within "
                          + nanos / 1_000_000 + " ms")));
    }
  }

  private void answerArrived(Envelope e, String sender) {
    Call<?> call = calls.get(e.call());
    if (call == null || !call.target.equals(sender)) {
      return;
    }
    switch (e.status()) {
      case Envelope.OK -> call.succeed(e.payload());
      case Envelope.NO_HANDLER -> call.fail(new NoSuchCommandException(sender, call.command, e.error()));
      default -> call.fail(new RemoteHandlerException(sender, e.error()));
    }
  }

  private void topologyChanged() {
    Set<String> reachable = core.snapshot().reachable();
    for (Call<?> call : calls.values()) {
      if (!call.target.equals(self) && !reachable.contains(call.target)) {
        call.fail(unreachable(call.target, "it left the reachable mesh while the call was pending"));
      }
    }
    for (Fanout f : fanouts.values()) {
      f.lost(reachable);
    }
  }

  // ---------------------------------------------------------------- one-way

  /**
   * Sends a one-way command reliably: completes when {@code node} ACKs it end to end (the handler
   * runs after that; its errors stay on the remote node).
   */
  public CompletableFuture<Void> send(int command, String node, Map<String, ?> data) {
    checkId(command, "command");
    checkNode(node);
    BodyCodec.Encoded body =
        encodeBody(Envelope.call(Envelope.ONE_WAY, command, 0, encodeData(data)));
    stats.increment(CommandCounter.SENDS);
    if (closed) {
      return CompletableFuture.failedFuture(new MeshException("node " + self + " is closed"));
    }
    if (node.equals(self)) {
      completions.execute(() -> deliverLocally(body));
      return CompletableFuture.completedFuture(null);
    }
    if (!core.msas().containsKey(node)) {
      return CompletableFuture.failedFuture(unreachable(node, "it is not in the mesh of " + self));
    }
    CompletableFuture<Delivery> delivery = new CompletableFuture<>();
    long nanos = defaultTimeout().toNanos();
    List<String> to = List.of(node);
    core.loop().execute(() -> core.send(Frame.SET, CHANNEL, to, body, nanos, delivery));
    return delivery.thenApply(
        d -> {
          Failure f = d.failed().get(node);
          if (f != null) {
            throw deliveryFailure(node, f);
          }
          return null;
        });
  }

  /** Sends a one-way command without ACK or retry (best effort, counted in {@link #stats()}). */
  public void usend(int command, String node, Map<String, ?> data) {
    checkId(command, "command");
    checkNode(node);
    BodyCodec.Encoded body =
        encodeBody(Envelope.call(Envelope.ONE_WAY, command, 0, encodeData(data)));
    stats.increment(CommandCounter.USENDS);
    if (closed) {
      return;
    }
    if (node.equals(self)) {
      completions.execute(() -> deliverLocally(body));
      return;
    }
    List<String> to = List.of(node);
    core.loop().execute(
        () -> {
          if (core.sendUnreliable(CHANNEL, to, body) == 0) {
            stats.increment(CommandCounter.USENDS_NO_ROUTE);
          }
        });
  }

  private void deliverLocally(BodyCodec.Encoded body) {
    envelopeArrived(Envelope.decode(body.bytes()), self);
  }

  // ---------------------------------------------------------------- fan-out

  /** {@link #sendMany(int, Collection, Map, int, Duration)} with the ACK timeout. */
  public CompletableFuture<Void> sendMany(
      int command, Collection<String> nodes, Map<String, ?> data, int limit) {
    return sendMany(command, nodes, data, limit, defaultTimeout());
  }

  /**
   * Runs {@code command} on every node of {@code nodes} through a relay tree in which each node
   * sends to at most {@code limit} others (see the class comment). Completes when every node has
   * handled it; fails with {@link PartialFailureException} naming the nodes that did not (their
   * handler threw, they have no handler, they could not be reached, or did not report within
   * {@code timeout}). This node handles it too when it is listed.
   */
  public CompletableFuture<Void> sendMany(
      int command, Collection<String> nodes, Map<String, ?> data, int limit, Duration timeout) {
    checkId(command, "command");
    List<String> targets = checkNodes(nodes);
    checkLimit(limit);
    long nanos = checkTimeout(timeout);
    byte[] payload = encodeData(data);
    stats.increment(CommandCounter.MANY_SENT);
    long id = nextCall.incrementAndGet();
    int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, nanos / 1_000_000));
    Envelope message =
        Envelope.many(command, id, self, true, limit, 0, millis, List.of(), payload);
    encodeBody(message.relayed(targets, 1));
    Fanout fanout = new Fanout(id, command, targets, new CompletableFuture<>());
    if (closed) {
      fanout.future.completeExceptionally(new MeshException("node " + self + " is closed"));
      return fanout.future;
    }
    watchTopology();
    fanouts.put(id, fanout);
    fanout.timer = core.loop().schedule(() -> completions.execute(() -> fanout.expire(nanos)), nanos);
    fanSelf(message, targets);
    return fanout.future;
  }

  /** Like {@link #sendMany} without ACKs, reports or retries: best effort, counted. */
  public void usendMany(int command, Collection<String> nodes, Map<String, ?> data, int limit) {
    checkId(command, "command");
    List<String> targets = checkNodes(nodes);
    checkLimit(limit);
    byte[] payload = encodeData(data);
    stats.increment(CommandCounter.UMANY_SENT);
    Envelope message =
        Envelope.many(command, nextCall.incrementAndGet(), self, false, limit, 0, 0, List.of(), payload);
    encodeBody(message.relayed(targets, 1));
    if (!closed) {
      fanSelf(message, targets);
    }
  }

  private void fanSelf(Envelope message, List<String> targets) {
    List<String> others = new ArrayList<>(targets);
    boolean mine = others.remove(self);
    seenFanouts.add(self + '#' + message.call());
    relay(message, others, 0);
    if (mine) {
      completions.execute(() -> handleFanout(message, 0));
    }
  }

  /** Hands {@code share} on from a node at relay step {@code depth}. */
  private void relay(Envelope message, List<String> share, int depth) {
    if (share.isEmpty()) {
      return;
    }
    for (RelayTree.Branch b : RelayTree.split(share, message.limit())) {
      sendToChild(message, b, depth, 1);
    }
  }

  private void sendToChild(Envelope message, RelayTree.Branch b, int depth, int attempt) {
    Envelope child = message.relayed(b.share(), depth + 1);
    BodyCodec.Encoded body = core.bodies().encode(child.encode());
    stats.increment(CommandCounter.MANY_RELAYED);
    List<String> to = List.of(b.child());
    if (message.reliable()) {
      CompletableFuture<Delivery> delivery = new CompletableFuture<>();
      delivery.whenComplete((d, e) -> childDelivered(message, b, depth, attempt, d, e));
      long nanos = message.timeoutMillis() * 1_000_000L;
      core.loop().execute(() -> core.send(Frame.SET, CHANNEL, to, body, nanos, delivery));
    } else {
      core.loop().execute(
          () -> {
            if (core.sendUnreliable(CHANNEL, to, body) == 0) {
              stats.increment(CommandCounter.MANY_RELAY_FAILURES);
              relay(message, b.share(), depth);
            }
          });
    }
  }

  /**
   * A child could not be reached: this relay hands the child's share on itself at once; the child
   * alone is tried once more after routes had time to settle (a route through a node that just
   * died), and reported to the origin as failed when that fails too.
   */
  private void childDelivered(
      Envelope message, RelayTree.Branch b, int depth, int attempt, Delivery d, Throwable error) {
    Failure failure =
        error != null ? Failure.UNREACHABLE : d == null ? null : d.failed().get(b.child());
    if (failure == null) {
      return;
    }
    stats.increment(CommandCounter.MANY_RELAY_FAILURES);
    relay(message, b.share(), depth);
    if (failure == Failure.UNREACHABLE && attempt == 1 && !closed) {
      RelayTree.Branch alone = new RelayTree.Branch(b.child(), List.of());
      core.loop().schedule(
          () -> {
            if (core.snapshot().reachable().contains(b.child())) {
              completions.execute(() -> sendToChild(message, alone, depth, 2));
            } else {
              completions.execute(() -> childFailed(message, b.child(), depth, Failure.UNREACHABLE));
            }
          },
          RETRY_DELAY_NANOS);
      return;
    }
    childFailed(message, b.child(), depth, failure);
  }

  private void childFailed(Envelope message, String child, int depth, Failure failure) {
    byte status =
        switch (failure) {
          case TIMEOUT -> Envelope.TIMEOUT;
          case REJECTED -> Envelope.REJECTED;
          default -> Envelope.UNREACHABLE;
        };
    report(message, child, depth + 1, status, "relay " + self + ": " + child + " " + failure);
  }

  private void fanoutArrived(Envelope message) {
    if (!seenFanouts.add(message.subject() + '#' + message.call())) {
      stats.increment(CommandCounter.MANY_DUPLICATES);
      return;
    }
    relay(message, message.share(), message.depth());
    handleFanout(message, message.depth());
  }

  private void handleFanout(Envelope message, int depth) {
    stats.increment(CommandCounter.MANY_HANDLED);
    stats.relayDepth(depth);
    Outcome outcome = runCommand(message.command(), message.payload(), message.subject());
    if (message.reliable()) {
      report(message, self, depth, outcome.status, outcome.error);
    }
  }

  private void report(Envelope message, String subject, int depth, byte status, String error) {
    Envelope r = Envelope.report(message.command(), message.call(), subject, depth, status, error);
    answer(message.subject(), r);
  }

  private void reportArrived(Envelope r) {
    Fanout f = fanouts.get(r.call());
    if (f != null) {
      f.verdict(r.subject(), r.status(), r.error());
    }
  }

  // ---------------------------------------------------------------- inbound

  /**
   * Runs on a link's reader thread (real sockets only): an answer completes its call right there
   * (a call completes once, so duplicates are harmless), a request goes straight to the handler
   * threads, without waking the event loop; anything else is left to the loop.
   */
  private boolean answerFromReader(Message m) {
    if (!(m.body() instanceof byte[] bytes)) {
      return false;
    }
    Envelope e;
    try {
      e = Envelope.decode(bytes);
    } catch (MalformedDataException ex) {
      return false;
    }
    if (e.kind() == Envelope.RESPONSE || e.kind() == Envelope.RPC_RESPONSE) {
      answerArrived(e, m.source());
      return true;
    }
    if (e.kind() == Envelope.REQUEST || e.kind() == Envelope.RPC_REQUEST) {
      // Straight to the handler threads; at most once per (caller, call id).
      if (firstRequest(e, m.source())) {
        completions.execute(() -> envelopeArrived(e, m.source()));
      }
      return true;
    }
    return false;
  }

  /** Whether this request is new (requests may arrive twice when routes change). */
  private boolean firstRequest(Envelope e, String sender) {
    return seenRequests.add(sender + '/' + e.call());
  }

  /**
   * Runs on the event loop: answers complete their call at once (the caller's future is a
   * {@link HandoffFuture}, so no user code runs here); everything else, which runs handlers, is
   * handed to the handler threads.
   */
  private void messageArrived(Message m) {
    if (!(m.body() instanceof byte[] bytes)) {
      stats.increment(CommandCounter.MALFORMED);
      return;
    }
    Envelope e;
    try {
      e = Envelope.decode(bytes);
    } catch (MalformedDataException ex) {
      stats.increment(CommandCounter.MALFORMED);
      LOG.debug("[{}] malformed command envelope from {}: {}", self, m.source(), ex.getMessage());
      return;
    }
    if (e.kind() == Envelope.RESPONSE || e.kind() == Envelope.RPC_RESPONSE) {
      answerArrived(e, m.source());
    } else if ((e.kind() != Envelope.REQUEST && e.kind() != Envelope.RPC_REQUEST)
        || firstRequest(e, m.source())) {
      completions.execute(() -> envelopeArrived(e, m.source()));
    }
  }

  private void envelopeArrived(Envelope e, String sender) {
    switch (e.kind()) {
      case Envelope.REQUEST -> {
        Outcome o = runCommand(e.command(), e.payload(), sender);
        answer(sender, Envelope.answer(Envelope.RESPONSE, e.command(), e.call(), o.status, o.error, o.payload));
      }
      case Envelope.ONE_WAY -> runCommand(e.command(), e.payload(), sender);
      case Envelope.RPC_REQUEST -> {
        Outcome o = runRpc(e.command(), e.payload(), sender);
        answer(sender, Envelope.answer(Envelope.RPC_RESPONSE, e.command(), e.call(), o.status, o.error, o.payload));
      }
      case Envelope.RESPONSE, Envelope.RPC_RESPONSE -> answerArrived(e, sender);
      case Envelope.MANY -> fanoutArrived(e);
      case Envelope.REPORT -> reportArrived(e);
      default -> stats.increment(CommandCounter.MALFORMED);
    }
  }

  /** Sends an answer or report to {@code node} (no ACK: the caller has its own timeout). */
  private void answer(String node, Envelope e) {
    if (node.equals(self)) {
      completions.execute(() -> envelopeArrived(e, self));
      return;
    }
    BodyCodec.Encoded body;
    try {
      body = core.bodies().encode(e.encode());
    } catch (IllegalArgumentException tooLarge) {
      Envelope error =
          Envelope.answer(e.kind(), e.command(), e.call(), Envelope.HANDLER_ERROR,
              "answer of " + self + " cannot be sent: " + tooLarge.getMessage(), new byte[0]);
      body = core.bodies().encode(error.encode());
    }
    if (core.sendUnreliableNow(CHANNEL, List.of(node), body) == 0) {
      stats.increment(CommandCounter.ANSWERS_LOST);
      LOG.debug("[{}] no route to {} for an answer", self, node);
    }
  }

  private record Outcome(byte status, String error, byte[] payload) {}

  private Outcome runCommand(int command, byte[] payload, String sender) {
    CommandHandler h = commands.get(command);
    if (h == null) {
      return noHandler("command", command);
    }
    stats.increment(CommandCounter.HANDLED);
    try {
      Map<String, ?> response = h.handle(RequestData.decode(payload), sender);
      return ok(RequestData.encode(response == null ? Map.of() : response));
    } catch (Exception e) {
      return handlerError("command", command, sender, e);
    }
  }

  private Outcome runRpc(int rpc, byte[] payload, String sender) {
    RpcHandler h = rpcs.get(rpc);
    if (h == null) {
      return noHandler("RPC", rpc);
    }
    stats.increment(CommandCounter.HANDLED);
    try {
      byte[] reply = h.handle(payload, sender);
      return ok(reply == null ? new byte[0] : reply);
    } catch (Exception e) {
      return handlerError("RPC", rpc, sender, e);
    }
  }

  private static Outcome ok(byte[] payload) {
    return new Outcome(Envelope.OK, "", payload);
  }

  private Outcome noHandler(String what, int id) {
    stats.increment(CommandCounter.NO_HANDLER);
    return new Outcome(
        Envelope.NO_HANDLER, "node " + self + " has no handler for " + what + " " + id, new byte[0]);
  }

  private Outcome handlerError(String what, int id, String sender, Exception e) {
    stats.increment(CommandCounter.HANDLER_ERRORS);
    LOG.debug("[{}] handler of {} {} failed for {}", self, what, id, sender, e);
    String reason = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    return new Outcome(
        Envelope.HANDLER_ERROR, what + " " + id + " on " + self + " failed: " + reason, new byte[0]);
  }

  // ---------------------------------------------------------------- lifecycle

  /** Fails every pending call and fan-out; further sends fail at once. Called by node.close(). */
  public void close() {
    closed = true;
    for (Call<?> call : calls.values()) {
      call.fail(new MeshException("node " + self + " closed while the call was pending"));
    }
    for (Fanout f : fanouts.values()) {
      f.closed();
    }
  }

  // ---------------------------------------------------------------- helpers

  private Duration defaultTimeout() {
    return core.config().ackTimeout();
  }

  private static long checkTimeout(Duration timeout) {
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    return timeout.toNanos();
  }

  private static void checkNode(String node) {
    if (node == null || node.isEmpty()) {
      throw new IllegalArgumentException("node name must not be empty");
    }
  }

  private static void checkLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
  }

  private static List<String> checkNodes(Collection<String> nodes) {
    if (nodes == null) {
      throw new IllegalArgumentException("nodes must not be null");
    }
    Set<String> unique = new LinkedHashSet<>();
    for (String n : nodes) {
      checkNode(n);
      unique.add(n);
    }
    return List.copyOf(unique);
  }

  private static byte[] encodeData(Map<String, ?> data) {
    if (data == null) {
      throw new IllegalArgumentException("data must not be null (use Map.of())");
    }
    return RequestData.encode(data);
  }

  private BodyCodec.Encoded encodeBody(Envelope e) {
    return core.bodies().encode(e.encode());
  }

  private MeshException unreachable(String node, String why) {
    stats.increment(CommandCounter.CALLS_UNREACHABLE);
    return new UnreachableException(node, "node " + node + " is unreachable from " + self + ": " + why);
  }

  private MeshException deliveryFailure(String node, Failure failure) {
    return switch (failure) {
      case UNREACHABLE -> unreachable(node, "no route, or the route vanished on the way");
      case TIMEOUT -> new MeshTimeoutException("node " + node + " did not ACK within the timeout");
      case REJECTED -> new MeshException("node " + node + " refused the message body");
    };
  }

  /** One pending request or RPC; completes once. */
  private final class Call<T> {
    final long id;
    final String target;
    final int command;
    final String kind;
    final Decoder<T> decoder;
    final CompletableFuture<T> future = new HandoffFuture<>(completions);
    final AtomicBoolean done = new AtomicBoolean();
    volatile EventLoop.Cancellable timer;

    Call(long id, String target, int command, String kind, Decoder<T> decoder) {
      this.id = id;
      this.target = target;
      this.command = command;
      this.kind = kind;
      this.decoder = decoder;
    }

    void succeed(byte[] payload) {
      if (!finish()) {
        return;
      }
      T value;
      try {
        value = decoder.decode(payload);
      } catch (MalformedDataException e) {
        stats.increment(CommandCounter.CALLS_FAILED);
        future.completeExceptionally(
            new MeshException("answer of " + target + " to " + kind + " " + command
                + " is malformed: " + e.getMessage(), e));
        return;
      }
      stats.increment(CommandCounter.CALLS_SUCCEEDED);
      future.complete(value);
    }

    void fail(MeshException e) {
      if (!finish()) {
        return;
      }
      stats.increment(CommandCounter.CALLS_FAILED);
      if (e instanceof MeshTimeoutException) {
        stats.increment(CommandCounter.CALLS_TIMED_OUT);
      }
      if (core.loop().inLoop() && !core.loop().isVirtual()) {
        completions.execute(() -> future.completeExceptionally(e));
      } else {
        future.completeExceptionally(e);
      }
    }

    private boolean finish() {
      if (!done.compareAndSet(false, true)) {
        return false;
      }
      calls.remove(id, this);
      EventLoop.Cancellable t = timer;
      if (t != null) {
        t.cancel();
      }
      return true;
    }
  }

  @FunctionalInterface
  private interface Decoder<T> {
    T decode(byte[] bytes);
  }

  /** One pending fan-out at its origin: the nodes still to report and the failures so far. */
  private final class Fanout {
    final long id;
    final int command;
    final Set<String> waiting;
    final Map<String, MeshException> failures = new TreeMap<>();
    final CompletableFuture<Void> future;
    volatile EventLoop.Cancellable timer;
    private boolean done;

    Fanout(long id, int command, List<String> targets, CompletableFuture<Void> future) {
      this.id = id;
      this.command = command;
      this.waiting = new LinkedHashSet<>(targets);
      this.future = future;
    }

    void verdict(String node, byte status, String error) {
      MeshException failure =
          switch (status) {
            case Envelope.OK -> null;
            case Envelope.NO_HANDLER -> new NoSuchCommandException(node, command, error);
            case Envelope.HANDLER_ERROR -> new RemoteHandlerException(node, error);
            case Envelope.TIMEOUT -> new MeshTimeoutException(error);
            case Envelope.REJECTED -> new MeshException(error);
            default -> new UnreachableException(node, error);
          };
      record(node, failure);
    }

    void lost(Set<String> reachable) {
      List<String> gone = new ArrayList<>();
      synchronized (this) {
        for (String n : waiting) {
          if (!n.equals(self) && !reachable.contains(n)) {
            gone.add(n);
          }
        }
      }
      for (String n : gone) {
        record(n, new UnreachableException(n, "node " + n + " left the reachable mesh of " + self));
      }
    }

    void expire(long nanos) {
      List<String> late;
      synchronized (this) {
        late = new ArrayList<>(waiting);
      }
      for (String n : late) {
        record(n, new MeshTimeoutException(
            "node " + n + " did not report command " + command + " within " + nanos / 1_000_000 + " ms"));
      }
    }

    void closed() {
      List<String> left;
      synchronized (this) {
        left = new ArrayList<>(waiting);
      }
      for (String n : left) {
        record(n, new MeshException("node " + self + " closed before " + n + " reported"));
      }
    }

    private void record(String node, MeshException failure) {
      synchronized (this) {
        if (done || !waiting.remove(node)) {
          return;
        }
        if (failure != null) {
          failures.put(node, failure);
        }
        if (!waiting.isEmpty()) {
          return;
        }
        done = true;
      }
      fanouts.remove(id);
      EventLoop.Cancellable t = timer;
      if (t != null) {
        t.cancel();
      }
      if (failures.isEmpty()) {
        complete(() -> future.complete(null));
      } else {
        PartialFailureException e =
            new PartialFailureException(
                "command " + command + " from " + self + " was not handled by "
                    + failures.size() + " node(s): " + failures.keySet() + "; first cause: "
                    + failures.values().iterator().next().getMessage(),
                failures);
        complete(() -> future.completeExceptionally(e));
      }
    }
  }

  private void complete(Runnable r) {
    if (core.loop().inLoop() && !core.loop().isVirtual()) {
      completions.execute(r);
    } else {
      r.run();
    }
  }
}
