package io.meshage.internal.rpc;

import io.meshage.Delivery;
import io.meshage.Message;
import io.meshage.internal.EventLoop;
import io.meshage.internal.codec.BodyCodec;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.node.NodeCore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The one place the RPC layer touches the node's internals: its own mesh channel (multi-recipient
 * routed sends, a loop handler), routes, timers and the body codec.
 */
final class RpcChannel {
  /** The mesh channel of RPC traffic (0 is user messages, 1 the command layer). */
  static final byte CHANNEL = 2;

  private final NodeCore core;

  RpcChannel(NodeCore core) {
    this.core = core;
  }

  String self() {
    return core.name();
  }

  long instance() {
    return core.instance();
  }

  Duration ackTimeout() {
    return core.config().ackTimeout();
  }

  /**
   * Installs the inbound handlers: {@code onLoop} sees every message of the channel, on the loop
   * (short, never user code); {@code onTopology} runs on a handler thread after a topology change, and after a link loss
   * that left the part as it was (frames may have gone down with the link).
   */
  void install(Consumer<Message> onLoop, Runnable onTopology) {
    core.addLoopHandler(CHANNEL, onLoop);
    core.addTopologyListener(mesh -> onTopology.run());
    core.addLinkLossListener(onTopology);
  }

  /** Every other node reachable now. */
  Set<String> reachable() {
    return core.snapshot().reachable();
  }

  /** Whether {@code node} is in this node's link-state database. */
  boolean knows(String node) {
    return core.msas().containsKey(node);
  }

  /**
   * Sends {@code bytes} to {@code recipients} without ACKs, from the calling thread, routed as one
   * message per next hop that splits again on the way; returns how many recipients had a route.
   */
  int sendNow(List<String> recipients, byte[] bytes) {
    return core.sendUnreliableNow(CHANNEL, recipients, new BodyCodec.Encoded(BodyCodec.RAW, bytes));
  }

  /**
   * Sends a reply to {@code caller} from the calling thread; it is kept for the ACK retention and
   * sent again on the new route after a topology change (a call completes once). False when there
   * is no route now.
   */
  boolean replyNow(String caller, byte[] bytes) {
    return core.sendReplyNow(CHANNEL, caller, new BodyCodec.Encoded(BodyCodec.RAW, bytes));
  }

  /** Sends {@code bytes} with an end-to-end ACK from every recipient (a SET on the RPC channel). */
  void sendAcked(List<String> recipients, byte[] bytes, Duration timeout, CompletableFuture<Delivery> done) {
    BodyCodec.Encoded body = new BodyCodec.Encoded(BodyCodec.RAW, bytes);
    long nanos = timeout.toNanos();
    core.loop().execute(() -> core.send(Frame.SET, CHANNEL, recipients, body, nanos, done));
  }

  /** Runs {@code task} on the node's loop after {@code nanos}; running the result cancels it. */
  Runnable schedule(Runnable task, long nanos) {
    EventLoop.Cancellable c = core.loop().schedule(task, nanos);
    return c::cancel;
  }

  /** Whether time is virtual (the simulator), where blocking calls are refused. */
  boolean virtual() {
    return core.loop().isVirtual();
  }

  /** An encoded user body: the body codec's type tag and bytes. */
  record Body(byte type, byte[] bytes) {}

  /** Encodes {@code value}; IllegalArgumentException for unregistered or oversized bodies. */
  Body encode(Object value) {
    BodyCodec.Encoded e = core.bodies().encode(value);
    return new Body(e.type(), e.bytes());
  }

  /** Decodes a body; IllegalArgumentException with the reason when it cannot. */
  Object decode(byte type, byte[] bytes) {
    return core.bodies().decode(type, bytes);
  }

  /** Registers {@code type} with the body codec unless it already is. */
  void registerType(Class<?> type) {
    try {
      core.bodies().register(type);
    } catch (IllegalStateException alreadyRegistered) {
      // registered by the user or by another RPC object: nothing to do
    }
  }
}
