package io.meshage.internal.messaging;

import io.meshage.Message;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Who receives messages, by channel: user handlers (run on the handler executor), the project's
 * own loop handlers, and snoopers. Written by any thread (registration), read by the loop; every
 * collection here is concurrent.
 */
public final class HandlerRegistry {
  private final Map<Byte, Consumer<Message>> loopHandlers = new ConcurrentHashMap<>();
  private final Map<Byte, List<Consumer<Message>>> channelHandlers = new ConcurrentHashMap<>();
  private final List<Consumer<Message>> snoopers = new CopyOnWriteArrayList<>();

  public void addMessageHandler(byte channel, Consumer<Message> h) {
    channelHandlers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(h);
  }

  public void removeMessageHandler(byte channel, Consumer<Message> h) {
    handlersOf(channel).remove(h);
  }

  /** The user handlers of {@code channel}, possibly empty. */
  List<Consumer<Message>> handlersOf(byte channel) {
    return channelHandlers.getOrDefault(channel, List.of());
  }

  /**
   * Adds a handler that runs on the event loop itself, before the ordinary handlers are handed
   * over: only for the project's own layers, whose code is short and never blocks.
   */
  public void addLoopHandler(byte channel, Consumer<Message> h) {
    loopHandlers.put(channel, h);
  }

  Consumer<Message> loopHandler(byte channel) {
    return loopHandlers.get(channel);
  }

  public void addSnooper(Consumer<Message> h) {
    snoopers.add(h);
  }

  public void removeSnooper(Consumer<Message> h) {
    snoopers.remove(h);
  }

  List<Consumer<Message>> snoopers() {
    return snoopers;
  }
}
