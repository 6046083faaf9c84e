package io.meshage.internal;

import io.meshage.MeshConfig;
import io.meshage.internal.codec.BodyCodec;
import java.util.Random;
import java.util.concurrent.Executor;

/**
 * What every part of one node shares: its name and instance, its settings, its event loop and
 * random source, the executor for user code, the body codec and the counters. Immutable but for
 * the closed flag, which only the event loop sets.
 */
public final class NodeContext {
  private final MeshConfig config;
  private final EventLoop loop;
  private final Random random;
  private final Executor handlers;
  private final BodyCodec bodies;
  private final NodeStats stats;
  private final long instance;
  private volatile boolean closed;

  public NodeContext(
      MeshConfig config, EventLoop loop, Random random, Executor handlers, BodyCodec bodies,
      NodeStats stats, long instance) {
    this.config = config;
    this.loop = loop;
    this.random = random;
    this.handlers = handlers;
    this.bodies = bodies;
    this.stats = stats;
    this.instance = instance;
  }

  public String self() {
    return config.name();
  }

  public long instance() {
    return instance;
  }

  public MeshConfig config() {
    return config;
  }

  /** The node's event loop: owner of all mutable mesh state. */
  public EventLoop loop() {
    return loop;
  }

  /** The node's seeded random source; use it on the loop only. */
  public Random random() {
    return random;
  }

  /** Where user handlers and completions run: never the loop or an I/O thread. */
  public Executor handlers() {
    return handlers;
  }

  public BodyCodec bodies() {
    return bodies;
  }

  public NodeStats stats() {
    return stats;
  }

  /** Whether the node has shut down (readable from any thread). */
  public boolean isClosed() {
    return closed;
  }

  /** Marks the node closed; on the loop only. */
  public void markClosed() {
    closed = true;
  }
}
