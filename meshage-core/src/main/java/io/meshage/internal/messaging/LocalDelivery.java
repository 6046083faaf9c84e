package io.meshage.internal.messaging;

import io.meshage.Counter;
import io.meshage.Message;
import io.meshage.internal.NodeContext;
import io.meshage.internal.codec.BodyCodec;
import io.meshage.internal.codec.Frame;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Hands messages addressed to this node to their handlers: decodes the body (a refused body is
 * ACKed REJECTED), ACKs delivery, runs the loop handler of the channel and queues user handlers
 * on the handler executor; also feeds snoopers.
 */
public final class LocalDelivery {
  private static final Logger LOG = LogManager.getLogger(LocalDelivery.class);

  private final NodeContext node;
  private final HandlerRegistry registry;
  private final AckBatcher acks;
  /** Messages whose body this node refused, so that a copy sent again gets the same verdict (loop). */
  private final Map<String, Boolean> rejected =
      new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > 1024;
        }
      };

  /** Messages for channels without a handler yet (loop holds, registrations take). */
  private final HeldMessages held = new HeldMessages();
  /** Messages refused because the hold was full (loop). */
  private long heldRefusals;

  public LocalDelivery(NodeContext node, HandlerRegistry registry, AckBatcher acks) {
    this.node = node;
    this.registry = registry;
    this.acks = acks;
  }

  /** Delivers {@code d} here (seen for the first time) and ACKs it unless it is unreliable. */
  void deliver(Frame.Data d) {
    if (d.kind() == Frame.BROADCAST && node.config().guest()) {
      return; // a guest is never a broadcast recipient (the frame reached it as a leaf of the tree)
    }
    Object body;
    try {
      body = node.bodies().decode(d.bodyType(), d.body());
    } catch (IllegalArgumentException e) {
      node.stats().increment(Counter.DATA_DROPPED);
      LOG.warn("[{}] message {} from {} refused: {}", node.self(), d.id(), d.origin(), e.getMessage());
      if (d.kind() != Frame.USET) {
        rejected.put(key(d), Boolean.TRUE);
        acks.queue(d.origin(), d.originInstance(), node.self(), Frame.ACK_REJECTED, d.id());
      }
      return;
    }
    List<Consumer<Message>> handlers = registry.handlersOf(d.channel());
    Consumer<Message> onLoop = registry.loopHandler(d.channel());
    Message m =
        new InboundMessage(
            d.origin(), d.originInstance(), d.recipients(), d.id(), d.kind() == Frame.BROADCAST, body, append(d.path(), node.self()));
    boolean isHeld = false;
    if (handlers.isEmpty() && onLoop == null) {
      byte channel = d.channel();
      HeldMessages.Outcome o = held.hold(channel, m, d.body().length, () -> registry.handlersOf(channel).isEmpty());
      if (o == HeldMessages.Outcome.FULL) {
        node.stats().increment(Counter.DATA_DROPPED);
        if (heldRefusals++ % 1000 == 0) {
          LOG.warn("[{}] no handler listens on channel {} and {} messages are held for the first one: message {} "
              + "from {} refused (REJECTED; {} refused so far)", node.self(), channel, HeldMessages.MAX_MESSAGES,
              d.id(), d.origin(), heldRefusals);
        }
        if (d.kind() != Frame.USET) {
          rejected.put(key(d), Boolean.TRUE);
          acks.queue(d.origin(), d.originInstance(), node.self(), Frame.ACK_REJECTED, d.id());
        }
        return;
      }
      isHeld = o == HeldMessages.Outcome.HELD;
    }
    // a held message goes to the registration that takes it, never also from here
    List<Consumer<Message>> now = isHeld ? List.of() : handlers.isEmpty() ? registry.handlersOf(d.channel()) : handlers;
    node.stats().increment(Counter.DATA_DELIVERED);
    if (d.kind() != Frame.USET) {
      acks.queue(d.origin(), d.originInstance(), node.self(), Frame.ACK_DELIVERED, d.id());
    }
    if (now.isEmpty() && onLoop == null) {
      return; // held for the first handler of the channel
    }
    if (onLoop != null) {
      try {
        onLoop.accept(m);
      } catch (RuntimeException e) {
        node.stats().increment(Counter.HANDLER_ERRORS);
        LOG.error("[{}] internal handler of channel {} failed", node.self(), d.channel(), e);
      }
    }
    if (!now.isEmpty()) {
      node.handlers().execute(() -> runAll(now, m, "message handler"));
    }
  }

  /**
   * Registers a user handler of {@code channel} and hands it, on the handler threads, what arrived
   * there before any handler did ({@link HeldMessages}).
   */
  public void addMessageHandler(byte channel, Consumer<Message> h) {
    List<Message> early = held.register(channel, () -> registry.addMessageHandler(channel, h));
    if (!early.isEmpty()) {
      node.handlers().execute(() -> {
        for (Message m : early) {
          runAll(List.of(h), m, "message handler");
        }
      });
    }
  }

  /** Whether this node refused the body of {@code d} (an earlier copy of it), as far as it remembers. */
  boolean wasRejected(Frame.Data d) {
    return !rejected.isEmpty() && rejected.containsKey(key(d));
  }

  private static String key(Frame.Data d) {
    return d.origin() + '/' + d.originInstance() + '/' + d.id();
  }

  /** Whether anybody snoops (then every passing message is shown to them). */
  boolean snooping() {
    return !registry.snoopers().isEmpty();
  }

  /** Shows a passing message to the snoopers; {@code path} ends with this node. */
  void snoop(Frame.Data d, List<String> path) {
    Object body;
    try {
      body = node.bodies().decode(d.bodyType(), d.body());
    } catch (IllegalArgumentException e) {
      body = d.body();
    }
    Message m = new InboundMessage(d.origin(), d.originInstance(), d.recipients(), d.id(), d.kind() == Frame.BROADCAST, body, path);
    node.handlers().execute(() -> runAll(registry.snoopers(), m, "snoop handler"));
  }

  private void runAll(List<Consumer<Message>> handlers, Message m, String what) {
    for (Consumer<Message> h : handlers) {
      try {
        h.accept(m);
      } catch (RuntimeException e) {
        node.stats().increment(Counter.HANDLER_ERRORS);
        LOG.error("[{}] {} failed on message {} from {}", node.self(), what, m.id(), m.source(), e);
      }
    }
  }

  /** {@code list} with {@code s} appended, immutable. */
  static List<String> append(List<String> list, String s) {
    if (list.size() == 1) {
      return List.of(list.get(0), s);
    }
    List<String> out = new ArrayList<>(list.size() + 1);
    out.addAll(list);
    out.add(s);
    return List.copyOf(out);
  }
}
