package io.meshage.internal.messaging;

import io.meshage.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Messages that reached this node on a channel no handler listens on yet, held for the first
 * handler registered there: a program registers its handlers after {@code MeshNode.start}, and by
 * then the node may be linked and receiving. A held message was ACKed DELIVERED; the handler gets
 * it when it registers. Bounded by {@link #MAX_MESSAGES} and {@link #MAX_BYTES} of bodies in all;
 * a message over either bound is not held, and the caller refuses it (REJECTED), so no sender is
 * told DELIVERED of a message no handler will see.
 *
 * <p>Threads: the loop holds, any thread registers. The check "no handler yet" and the hold are one
 * step under this object's lock, as are a registration and its take, so a message is either held
 * and taken by the registration or handed to the handler the loop saw.
 */
final class HeldMessages {
  static final int MAX_MESSAGES = 1024;
  static final long MAX_BYTES = 16L << 20;

  enum Outcome { HELD, FULL, HANDLED_NOW }

  private final Map<Byte, ArrayDeque<Sized>> held = new HashMap<>();
  private int count;
  private long bytes;

  /** Holds {@code m} unless a handler appeared meanwhile ({@code noHandler} false) or the hold is full. */
  synchronized Outcome hold(byte channel, Message m, int size, BooleanSupplier noHandler) {
    if (!noHandler.getAsBoolean()) {
      return Outcome.HANDLED_NOW;
    }
    if (count >= MAX_MESSAGES || bytes + size > MAX_BYTES) {
      return Outcome.FULL;
    }
    held.computeIfAbsent(channel, c -> new ArrayDeque<>()).add(new Sized(m, size));
    count++;
    bytes += size;
    return Outcome.HELD;
  }

  /** Runs {@code register} and takes what was held for {@code channel}, oldest first, as one step. */
  synchronized List<Message> register(byte channel, Runnable register) {
    register.run();
    ArrayDeque<Sized> q = held.remove(channel);
    if (q == null) {
      return List.of();
    }
    List<Message> out = new ArrayList<>(q.size());
    for (Sized s : q) {
      out.add(s.message());
      bytes -= s.size();
    }
    count -= q.size();
    return out;
  }

  /** Messages held now, all channels. */
  synchronized int size() {
    return count;
  }

  private record Sized(Message message, int size) {}
}
