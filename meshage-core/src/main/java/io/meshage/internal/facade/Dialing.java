package io.meshage.internal.facade;

import io.meshage.DialStatus;
import io.meshage.MeshNode;
import io.meshage.NameConflictException;
import io.meshage.internal.check.HostPorts;
import io.meshage.internal.node.NodeCore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The links a user asks for by hand behind {@link MeshNode}: dials once or kept dialed, undials and
 * hangups,. Results complete on the handler threads.
 */
final class Dialing {
  private final NodeCore core;
  private final Executor completions;
  private final LoopCalls loop;

  Dialing(NodeCore core, Executor completions, LoopCalls loop) {
    this.core = core;
    this.completions = completions;
    this.loop = loop;
  }

  /** See {@link MeshNode#dial(String)}. */
  String dial(String hostPort) throws IOException {
    InetSocketAddress parsed = HostPorts.parse(hostPort);
    InetSocketAddress address = new InetSocketAddress(parsed.getHostString(), parsed.getPort());
    if (address.isUnresolved()) {
      throw new IOException("dial " + hostPort + ": cannot resolve " + parsed.getHostString());
    }
    CompletableFuture<String> done = dialAsync(address);
    try {
      return done.get(2 * core.config().handshakeTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof NameConflictException c) {
        throw c;
      }
      throw new IOException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("dial " + hostPort + " timed out");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while dialing " + hostPort);
    }
  }

  /** See {@link MeshNode#dialAsync(InetSocketAddress)}. */
  CompletableFuture<String> dialAsync(InetSocketAddress address) {
    CompletableFuture<String> done = new CompletableFuture<>();
    core.loop().execute(() -> core.dial(address, true, null, done));
    return done.thenApplyAsync(n -> n, completions);
  }

  /** See {@link MeshNode#keepDialing(String)}. */
  CompletableFuture<String> keepDialing(String hostPort) {
    InetSocketAddress address = HostPorts.parse(hostPort);
    String host = address.getHostString();
    CompletableFuture<String> first = new CompletableFuture<>();
    core.loop().execute(() -> core.userDials().add(host, address.getPort(), first));
    return first.thenApplyAsync(n -> n, completions);
  }

  boolean undial(String addressOrPeer) {
    return loop.call(() -> core.userDials().remove(addressOrPeer));
  }

  List<DialStatus> dials() {
    return loop.call(() -> core.userDials().list().stream()
        .map(d -> new DialStatus(d.address(), d.state().name().toLowerCase(Locale.ROOT), d.peer(),
            d.failures(), d.lastError(), Duration.ofNanos(d.retryInNanos())))
        .toList());
  }

  boolean hangup(String peer) {
    return loop.call(() -> core.hangup(peer));
  }
}
