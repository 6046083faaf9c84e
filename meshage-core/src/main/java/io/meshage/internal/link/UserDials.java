package io.meshage.internal.link;

import io.meshage.internal.EventLoop;
import io.meshage.internal.NodeContext;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The addresses a user asked this node to stay connected to ({@code --dial}, {@code mesh dial}):
 * each is dialed until its link is up, with a capped, jittered backoff between tries, and dialed
 * again when its link drops, until the user hangs the link up or undials the address (or the
 * peer hangs up). Only these user-dialed links; automatic (discovered) links are formation's
 * business. Owned by the event loop.
 */
public final class UserDials {
  private static final Logger LOG = LogManager.getLogger(UserDials.class);
  /** The wait before the first retry; it doubles per failed try up to {@link #MAX_BACKOFF_NANOS}. */
  static final long FIRST_BACKOFF_NANOS = 250_000_000L;
  static final long MAX_BACKOFF_NANOS = 5_000_000_000L;

  /** Where a dial stands. */
  public enum State {
    /** A try is under way. */
    DIALING,
    /** Linked to the peer. */
    CONNECTED,
    /** The last try failed (or the link dropped); the next one is scheduled. */
    WAITING,
    /** The peer hung up: not redialed until dialed again. */
    STOPPED
  }

  /** One line of {@code mesh dials}: a snapshot, safe to hand to other threads. */
  public record Status(String address, State state, String peer, int failures, String lastError, long retryInNanos) {}

  private final NodeContext node;
  private final LinkTable links;
  private final Map<String, Entry> entries = new TreeMap<>();

  public UserDials(NodeContext node, LinkTable links) {
    this.node = node;
    this.links = links;
  }

  private static final class Entry {
    final String host;
    final int port;
    State state = State.DIALING;
    String peer;
    int failures;
    String lastError = "";
    long retryAtNanos;
    EventLoop.Cancellable retry;
    /** Bumped by every try and by forgetting: a stale try's answer is ignored. */
    int generation;

    Entry(String host, int port) {
      this.host = host;
      this.port = port;
    }

    String address() {
      return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
  }

  /**
   * Keeps {@code host:port} dialed; {@code firstTry} completes with the peer's name or the first
   * try's failure (the dial goes on either way). Dialing an address again restarts it at once.
   */
  public void add(String host, int port, CompletableFuture<String> firstTry) {
    Entry e = new Entry(host, port);
    Entry old = entries.put(e.address(), e);
    if (old != null) {
      stopTimer(old);
      old.generation++;
    }
    attempt(e, firstTry);
  }

  /** Stops redialing {@code addressOrPeer} (an address as listed, or a peer's name); false when unknown. */
  public boolean remove(String addressOrPeer) {
    Entry e = entries.remove(addressOrPeer);
    if (e == null) {
      for (Entry x : entries.values()) {
        if (addressOrPeer.equals(x.peer)) {
          e = x;
          break;
        }
      }
      if (e == null) {
        return false;
      }
      entries.remove(e.address());
    }
    stopTimer(e);
    e.generation++;
    return true;
  }

  /** The user hung up {@code peer}: its dials end. Returns whether there were any. */
  public boolean hungUp(String peer) {
    boolean any = false;
    for (Entry e : new ArrayList<>(entries.values())) {
      if (peer.equals(e.peer)) {
        any |= remove(e.address());
      }
    }
    return any;
  }

  /** A link went down for {@code reason}; a dial it carried is tried again (not when the peer hung up). */
  public void linkDown(Link link, String closeReason) {
    for (Entry e : entries.values()) {
      if (e.state != State.CONNECTED || !link.peer.equals(e.peer)) {
        continue;
      }
      String reason = closeReason == null ? "link dropped" : closeReason;
      if (reason.contains(ByeReasons.HANGUP_BY)) {
        e.state = State.STOPPED;
        e.lastError = reason;
        LOG.info("[{}] not redialing {} ({}): {}", node.self(), e.address(), e.peer, reason);
      } else {
        e.lastError = "link dropped: " + reason;
        LOG.info("[{}] redialing {} ({}): {}", node.self(), e.address(), e.peer, e.lastError);
        schedule(e, FIRST_BACKOFF_NANOS);
      }
    }
  }

  /** Every dial, by address. */
  public List<Status> list() {
    long now = node.loop().nanoTime();
    List<Status> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      long in = e.state == State.WAITING ? Math.max(0, e.retryAtNanos - now) : 0;
      out.add(new Status(e.address(), e.state, e.peer, e.failures, e.lastError, in));
    }
    return out;
  }

  /** Cancels every retry (node shutdown). */
  public void close() {
    for (Entry e : entries.values()) {
      stopTimer(e);
      e.generation++;
    }
  }

  private void attempt(Entry e, CompletableFuture<String> firstTry) {
    if (node.isClosed()) {
      return;
    }
    e.state = State.DIALING;
    e.retry = null;
    int generation = ++e.generation;
    CompletableFuture<String> done = new CompletableFuture<>();
    done.whenComplete((peer, err) -> onLoop(() -> {
      if (generation == e.generation) {
        tried(e, peer, err);
      }
      if (firstTry != null) {
        if (err != null) {
          firstTry.completeExceptionally(err);
        } else {
          firstTry.complete(peer);
        }
      }
    }));
    if (isLiteral(e.host)) {
      links.dial(new InetSocketAddress(e.host, e.port), true, null, done);
      return;
    }
    // a name is looked up off the loop (DNS may take seconds), on every try (it may change)
    CompletableFuture.supplyAsync(() -> new InetSocketAddress(e.host, e.port))
        .whenComplete((address, err) -> onLoop(() -> {
          if (err != null || address.isUnresolved()) {
            done.completeExceptionally(new IllegalStateException("cannot resolve " + e.host));
          } else if (node.isClosed()) {
            done.completeExceptionally(new IllegalStateException("node closed"));
          } else {
            links.dial(address, true, null, done);
          }
        }));
  }

  /** An IPv4 or IPv6 address in text (no lookup needed), as opposed to a host name. */
  static boolean isLiteral(String host) {
    return host.indexOf(':') >= 0 || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  }

  private void tried(Entry e, String peer, Throwable err) {
    if (err == null) {
      e.state = State.CONNECTED;
      e.peer = peer;
      e.failures = 0;
      return;
    }
    String why = err.getMessage() == null ? err.toString() : err.getMessage();
    Link linked = linkedAt(e);
    if (linked != null) {
      // the peer's own dial won the race for the one link between us: that link serves this dial
      e.state = State.CONNECTED;
      e.peer = linked.peer;
      e.failures = 0;
      return;
    }
    e.failures++;
    e.lastError = why;
    long backoff = Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << Math.min(e.failures - 1, 20));
    LOG.debug("[{}] dial {} failed ({} in a row): {}", node.self(), e.address(), e.failures, why);
    schedule(e, backoff);
  }

  /** The established link to the node this entry dials, known by name or by its HELLO's address; or null. */
  private Link linkedAt(Entry e) {
    if (e.peer != null && links.get(e.peer) != null) {
      return links.get(e.peer);
    }
    for (Link l : links.established()) {
      InetSocketAddress a = l.advertised();
      if (a != null && a.getPort() == e.port && sameHost(a, e.host)) {
        return l;
      }
    }
    return null;
  }

  /** Whether {@code advertised} (a name or an IP, unresolved) is {@code host}, by text or as the same IP. */
  private static boolean sameHost(InetSocketAddress advertised, String host) {
    String other = advertised.getHostString();
    if (other.equals(host)) {
      return true;
    }
    if (!isLiteral(other) || !isLiteral(host)) {
      return false; // names are compared as text: no lookups on the loop
    }
    return new InetSocketAddress(other, 0).getAddress().equals(new InetSocketAddress(host, 0).getAddress());
  }

  /** Waits half of {@code backoff} plus a random part of the other half, then tries again. */
  private void schedule(Entry e, long backoff) {
    long delay = backoff / 2 + (long) (node.random().nextDouble() * (backoff / 2));
    e.state = State.WAITING;
    e.retryAtNanos = node.loop().nanoTime() + delay;
    stopTimer(e);
    int generation = e.generation;
    e.retry = node.loop().schedule(() -> {
      if (generation == e.generation && entries.get(e.address()) == e) {
        attempt(e, null);
      }
    }, delay);
  }

  private static void stopTimer(Entry e) {
    if (e.retry != null) {
      e.retry.cancel();
      e.retry = null;
    }
  }

  private void onLoop(Runnable task) {
    if (node.loop().inLoop()) {
      task.run();
    } else {
      node.loop().execute(task);
    }
  }
}
