package io.meshage.internal.command;

import static io.meshage.internal.command.Arguments.checkLimit;
import static io.meshage.internal.command.Arguments.checkNode;
import static io.meshage.internal.command.Arguments.checkNodes;
import static io.meshage.internal.command.Arguments.checkTimeout;
import static io.meshage.internal.command.Arguments.encodeData;
import static io.meshage.internal.command.CommandRegistry.checkId;

import io.meshage.command.RequestData;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.node.NodeCore;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One node's command layer, wired from its parts and attached to the node core; the public
 * {@code MeshCommands} facade delegates every call here. It checks arguments on the caller's thread,
 * then hands each call to the part that owns it. See {@code package-info.java} for the threads.
 */
public final class CommandLayer {
  private final CommandContext ctx;
  private final CommandRegistry registry;
  private final Requests calls;
  private final RelayFanout fanout;
  private final OneWaySender oneWay;
  private final Inbox inbox;
  /** Set once, by the first caller that needs the topology watched; read by callers. */
  private final AtomicBoolean watching = new AtomicBoolean();

  private CommandLayer(NodeCore core, Executor handlers) {
    this.ctx = new CommandContext(core, handlers);
    this.registry = new CommandRegistry(ctx);
    Outbox outbox = new Outbox(ctx, this::dispatchLocal);
    this.calls = new Requests(ctx, outbox);
    this.fanout = new RelayFanout(ctx, registry, outbox);
    this.oneWay = new OneWaySender(ctx, outbox);
    this.inbox = new Inbox(ctx, registry, calls, fanout, outbox);
  }

  /**
   * Builds the command layer of {@code core} and attaches it to the core's command channel;
   * called once per node by {@code MeshNode}, which wraps it in the public facade.
   *
   * @param handlers where futures complete and handlers run (never the event loop)
   */
  public static CommandLayer attach(NodeCore core, Executor handlers) {
    CommandLayer layer = new CommandLayer(core, handlers);
    core.addLoopHandler(CommandContext.CHANNEL, layer.inbox::fromLoop);
    core.addLoopHandler(Frame.BULK, layer.inbox::fromLoop);
    return layer;
  }

  private void dispatchLocal(Envelope e, String sender) {
    inbox.dispatch(e, sender);
  }

  /** Starts watching the topology for targets that vanish (on the first call that needs it). */
  private void watchTopology() {
    if (!watching.get() && watching.compareAndSet(false, true)) {
      ctx.core.addTopologyListener(mesh -> topologyChanged());
      ctx.core.addLinkLossListener(this::topologyChanged);
    }
  }

  /** A handler thread (topology listeners run there): fails what waits on vanished nodes. */
  private void topologyChanged() {
    Set<String> reachable = ctx.core.snapshot().reachable();
    ctx.calls.topologyChanged(reachable);
    fanout.lost(reachable);
  }

  public CommandRegistry registry() {
    return registry;
  }

  public CommandMetrics metrics() {
    return ctx.metrics;
  }

  public Duration defaultTimeout() {
    return ctx.defaultTimeout();
  }

  // ---------------------------------------------------------------- calls (caller's thread)

  public CompletableFuture<Map<String, Object>> sendRequest(
      int command, String node, Map<String, ?> data, Duration timeout) {
    checkId(command, "command");
    checkNode(node);
    long nanos = checkTimeout(timeout);
    byte[] payload = encodeData(data);
    watchTopology();
    return calls.start(Envelope.REQUEST, command, "command", node, payload, RequestData::decode, nanos);
  }

  public CompletableFuture<byte[]> sendRpc(int rpc, String node, byte[] payload, Duration timeout) {
    checkId(rpc, "RPC");
    checkNode(node);
    Objects.requireNonNull(payload, "payload");
    long nanos = checkTimeout(timeout);
    watchTopology();
    return calls.start(Envelope.RPC_REQUEST, rpc, "RPC", node, payload, bytes -> bytes, nanos);
  }

  public CompletableFuture<Void> send(int command, String node, Map<String, ?> data) {
    checkId(command, "command");
    checkNode(node);
    return oneWay.send(command, node, encodeData(data));
  }

  public void usend(int command, String node, Map<String, ?> data) {
    checkId(command, "command");
    checkNode(node);
    oneWay.usend(command, node, encodeData(data));
  }

  public CompletableFuture<Void> sendMany(
      int command, Collection<String> nodes, Map<String, ?> data, int limit, Duration timeout) {
    checkId(command, "command");
    List<String> targets = checkNodes(nodes);
    checkLimit(limit);
    long nanos = checkTimeout(timeout);
    byte[] payload = encodeData(data);
    watchTopology();
    return fanout.start(command, targets, payload, limit, nanos);
  }

  public void usendMany(int command, Collection<String> nodes, Map<String, ?> data, int limit) {
    checkId(command, "command");
    List<String> targets = checkNodes(nodes);
    checkLimit(limit);
    fanout.startUnreliable(command, targets, encodeData(data), limit);
  }

  /** Fails every pending call and fan-out; further sends fail at once (the closing thread). */
  public void close() {
    ctx.calls.close("node " + ctx.self + " closed while the call was pending");
    fanout.closeAll();
  }
}
