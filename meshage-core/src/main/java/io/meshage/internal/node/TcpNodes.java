package io.meshage.internal.node;

import io.meshage.Counter;
import io.meshage.MeshConfig;
import io.meshage.internal.NodeStats;
import io.meshage.NameConflictException;
import io.meshage.internal.codec.BodyCodec;
import io.meshage.internal.security.BeaconSealer;
import io.meshage.internal.security.SecureHandshake;
import io.meshage.internal.transport.Transport;
import io.meshage.internal.transport.fault.FaultyTransport;
import io.meshage.internal.transport.tcp.TcpTransport;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wires a node on real sockets: its event-loop thread, handler pool, TCP transport (wrapped for
 * fault injection when the config asks), codec and counters, and releases them all on close.
 */
public final class TcpNodes {
  private TcpNodes() {}

  /**
   * Starts a node's core on real sockets and returns what its {@code MeshNode} is built from;
   * IOException when it cannot bind its ports.
   */
  public static NodeRuntime start(MeshConfig config) throws IOException {
    ThreadEventLoop loop = new ThreadEventLoop(config.name(), config.callerSpin().toNanos());
    ExecutorService handlers = handlerPool(config);
    NodeStats stats = NodeStats.ownedBy(loop.thread());
    TcpTransport tcp =
        new TcpTransport(
            config.name(),
            loop,
            config.maxFrameSize(),
            config.linkQueueFrames(),
            (int) config.handshakeTimeout().toMillis(),
            stats,
            () -> stats.increment(Counter.BEACONS_BAD),
            config.maxHandshakes(),
            config.maxHandshakesPerAddress());
    FaultyTransport faulty = config.faultInjection() ? new FaultyTransport(tcp, loop, stats, config.faultSeed()) : null;
    Transport transport = faulty != null ? faulty : tcp;
    long instance = newInstance(new SecureRandom());
    BodyCodec bodies = new BodyCodec(config.maxBodyDepth(), config.maxFrameSize() - 1024);
    NodeCore core =
        new NodeCore(
            config, loop, transport, new Random(instance), handlers, bodies, stats, instance);
    if (config.keyed()) {
      SecureRandom random = new SecureRandom();
      tcp.secure(
          new SecureHandshake(core.keyring(), random),
          new BeaconSealer(
              config.name(), core.keyring(), random, System::currentTimeMillis, config.beaconReplayWindow().toMillis()));
    }
    Runnable release =
        () -> {
          loop.shutdown();
          handlers.shutdown();
          try {
            loop.awaitTermination(2000);
            handlers.awaitTermination(2, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    try {
      core.start();
    } catch (IOException | RuntimeException e) {
      transport.close();
      release.run();
      throw e;
    }
    NameConflictException conflict = nameCheck(config, core);
    if (conflict != null) {
      CompletableFuture<Void> down = new CompletableFuture<>();
      loop.execute(() -> {
        core.shutdown();
        down.complete(null);
      });
      down.completeOnTimeout(null, 2, TimeUnit.SECONDS).join();
      release.run();
      throw conflict;
    }
    return new NodeRuntime(core, faulty, handlers, release);
  }

  /**
   * With discovery on, waits two beacon periods after binding: another live instance of this
   * name that hears the first beacon dials back, and the handshake refuses this node (it stops).
   * Returns that refusal, or null.
   */
  private static NameConflictException nameCheck(MeshConfig config, NodeCore core) {
    if (config.degree() == 0 || (config.discoveryPort() == 0 && config.discovery() == null)) {
      return null;
    }
    try {
      return core.conflict().get(2 * config.beaconPeriod().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Instance ids order restarts: start time in ms in the high bits, random low bits. */
  static long newInstance(Random random) {
    return (System.currentTimeMillis() << 16) | (random.nextInt() & 0xFFFF);
  }

  private static ExecutorService handlerPool(MeshConfig config) {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            config.handlerThreads(),
            config.handlerThreads(),
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(1 << 20),
            r -> {
              Thread t = new Thread(r, "meshage-handler-" + config.name() + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            (r, executor) -> {
              if (executor.isShutdown()) {
                return;
              }
              try {
                executor.getQueue().put(r);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RejectedExecutionException("interrupted while queueing a handler", e);
              }
            });
    return pool;
  }
}
