package io.meshage.internal.link;

import io.meshage.internal.codec.Advertised;
import io.meshage.Counter;
import io.meshage.MeshException;
import io.meshage.NameConflictException;
import io.meshage.internal.NodeContext;
import io.meshage.internal.Published;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.transport.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The node's links: listening, dialing, the HELLO handshake with its deadline and refusals, the
 * one-link-per-peer rule, and link loss. Owned by the event loop; established connections are
 * also published (by name) for sends from other threads.
 */
public final class LinkTable {
  private static final Logger LOG = LogManager.getLogger(LinkTable.class);
  private final NodeContext node;
  private final Transport transport;
  private final Published published;
  private LinkEvents events;
  private final Map<String, Link> links = new TreeMap<>();
  private final Set<Link> handshaking = new HashSet<>();
  private final Set<String> dialingNames = new HashSet<>();
  /** Neighbours linked by a user's dial (either end): an edge swap never drops them. */
  private final Set<String> manualPeers = new HashSet<>();
  /**
   * Links the peer replaced by a simultaneous dial (it said BYE {@link ByeReasons#REPLACED}), by peer, until
   * the link it kept comes up here too: the neighbour is not reported down meanwhile. One that has
   * no successor within the handshake timeout is reported down then.
   */
  private final Map<String, Link> awaitingSuccessor = new HashMap<>();
  private int pendingDials;
  private InetSocketAddress listenAddress;
  private Advertised advertised;

  public LinkTable(NodeContext node, Transport transport, Published published) {
    this.node = node;
    this.transport = transport;
    this.published = published;
  }

  /** Wires the receiver of link events; once, before {@link #listen}. */
  public void events(LinkEvents events) {
    this.events = events;
  }

  /** Starts listening (any thread, before the loop runs node code); returns the bound address. */
  public InetSocketAddress listen(String host, int port) throws IOException {
    listenAddress = transport.listen(host, port, c -> node.loop().execute(() -> accepted(c)));
    advertised = Advertised.of(node.config().advertise(), listenAddress);
    return listenAddress;
  }

  public InetSocketAddress listenAddress() {
    return listenAddress;
  }

  /** Listens on one more address, accepting links as on the first; returns the bound address. */
  public InetSocketAddress listenAlso(String host, int port) throws IOException {
    return transport.listen(host, port, c -> node.loop().execute(() -> accepted(c)));
  }

  // ---------------------------------------------------------------- queries (loop)

  /** The established links, by peer name (live view). */
  public Collection<Link> established() {
    return Collections.unmodifiableCollection(links.values());
  }

  /** The neighbours linked by discovery, not by a user's dial (a copy when some are manual). */
  public Set<String> automaticNames() {
    if (manualPeers.isEmpty()) {
      return names();
    }
    Set<String> s = new TreeSet<>(links.keySet());
    s.removeAll(manualPeers);
    return s;
  }

  /** Names of the neighbours, sorted (live view). */
  public Set<String> names() {
    return Collections.unmodifiableSet(links.keySet());
  }

  public int size() {
    return links.size();
  }

  /** Whether this node has no established link. */
  public boolean isEmptyOfLinks() {
    return links.isEmpty();
  }

  public boolean contains(String peer) {
    return links.containsKey(peer);
  }

  /** The established link to {@code peer}, or null. */
  public Link get(String peer) {
    return links.get(peer);
  }

  /** The connection to neighbour {@code peer}, or null when there is no such link. */
  public Transport.Connection connectionTo(String peer) {
    Link l = links.get(peer);
    return l == null ? null : l.connection;
  }

  /** Automatic dials still in their handshake. */
  public int pendingDials() {
    return pendingDials;
  }

  /** Whether a dial to the node announced as {@code name} is under way. */
  public boolean isDialing(String name) {
    return dialingNames.contains(name);
  }

  // ---------------------------------------------------------------- dial and accept (loop)

  /** Dials {@code address}; {@code done} completes when the link is established or refused. */
  public void dial(InetSocketAddress address, boolean manual, String expectedName, CompletableFuture<String> done) {
    node.stats().increment(Counter.DIALS);
    pendingDials++;
    if (expectedName != null) {
      dialingNames.add(expectedName);
    }
    transport.connect(address, (conn, err) -> node.loop().execute(() -> dialed(address, manual, expectedName, done, conn, err)));
  }

  private void dialed(
      InetSocketAddress address, boolean manual, String expectedName, CompletableFuture<String> done,
      Transport.Connection conn, Throwable err) {
    if (err != null || node.isClosed()) {
      pendingDials--;
      if (expectedName != null) {
        dialingNames.remove(expectedName);
      }
      if (conn != null) {
        conn.close("node closed");
      }
      done.completeExceptionally(
          err != null
              ? new MeshException("cannot dial " + address + ": " + err.getMessage(), err)
              : new MeshException("node closed"));
      return;
    }
    Link l = new Link(conn, true, manual, expectedName);
    l.dialDone = done;
    openHandshake(l);
    conn.sendControl(hello(manual));
  }

  private void accepted(Transport.Connection conn) {
    if (node.isClosed()) {
      conn.close("node closed");
      return;
    }
    openHandshake(new Link(conn, false, false, null));
  }

  private void openHandshake(Link l) {
    handshaking.add(l);
    l.lastHeardNanos = node.loop().nanoTime();
    long timeout = node.config().handshakeTimeout().toNanos();
    l.handshakeTimer =
        node.loop().schedule(
            () -> {
              if (!l.established && !l.closed) {
                refuse(l, "handshake timed out after " + timeout / 1_000_000L + " ms");
              }
            },
            timeout);
    l.connection.start(
        new Transport.Handler() {
          @Override
          public void onFrames(List<Frame> frames) {
            onLoop(() -> framesArrived(l, frames));
          }

          @Override
          public void onClosed(String reason) {
            onLoop(() -> linkClosed(l, reason));
          }
        });
  }

  /** Runs {@code task} now when already on the loop (the simulator), else queues it. */
  private void onLoop(Runnable task) {
    if (node.loop().inLoop()) {
      task.run();
    } else {
      node.loop().execute(task);
    }
  }

  // ---------------------------------------------------------------- handshake (loop)

  private Frame.Hello hello(boolean manual) {
    Advertised a = advertised();
    return new Frame.Hello(
        Frame.VERSION, node.config().namespace(), node.self(), node.instance(), a.host(), a.port(), manual);
  }

  /** Where other nodes dial this one, as HELLO and beacons carry it (after {@link #listen}). */
  public Advertised advertised() {
    return advertised;
  }

  private void framesArrived(Link l, List<Frame> frames) {
    if (l.closed || node.isClosed()) {
      return;
    }
    l.heard(node.loop().nanoTime());
    node.stats().add(Counter.FRAMES_IN, frames.size());
    for (Frame f : frames) {
      if (l.closed) {
        return;
      }
      if (l.established) {
        events.frameArrived(l, f);
      } else if (f instanceof Frame.Hello h) {
        helloArrived(l, h);
      } else if (f instanceof Frame.Bye b) {
        refusedByPeer(l, b.reason());
      } else {
        node.stats().increment(Counter.PROTOCOL_ERRORS);
        close(l, "expected HELLO, got " + f.getClass().getSimpleName());
      }
    }
  }

  private void helloArrived(Link l, Frame.Hello h) {
    boolean manual = l.outgoing ? l.manual : h.manual();
    String refusal = HelloChecks.refusal(node, l, h, manual, links);
    if (refusal == null) {
      l.advertised = HelloChecks.advertisedBy(l, h);
      l.peerAddress = l.advertised == null
          ? l.connection.remote() : l.advertised.getHostString() + ":" + l.advertised.getPort();
      if (nameSettled(l, h)) {
        return;
      }
      if (!manual && links.get(h.name()) == null) {
        refusal = events.refuseAutomatic(h.name());
      }
    }
    if (refusal != null) {
      refuse(l, refusal);
      return;
    }
    l.peer = h.name();
    l.peerInstance = h.instance();
    Link existing = links.get(h.name());
    if (existing != null && !resolveDuplicate(l, existing, h)) {
      return;
    }
    if (existing == null) {
      Link old = awaitingSuccessor.remove(h.name());
      if (old != null && old.peerInstance != h.instance()) {
        reportDown(old, "peer restarted");
      } else {
        existing = old;
      }
    }
    if (!l.outgoing) {
      l.connection.sendControl(hello(h.manual()));
    }
    establish(l, existing);
    if (manual) {
      manualPeers.add(l.peer);
    } else {
      manualPeers.remove(l.peer);
    }
    if (!manual && existing == null && !l.closed) {
      events.automaticLinkAdded(l);
    }
  }

  private boolean sameNamespace(Frame.Hello h) {
    return h.namespace().equals(node.config().namespace());
  }

  /**
   * One live instance per name (see {@code LiveNames}): a HELLO of another instance of a name
   * held live here is refused with {@link ByeReasons#NAME_TAKEN}; another instance of this node's own name
   * is refused when this node has links or is the older instance, and otherwise this node yields
   * and stops. Returns whether the HELLO was settled so (the link is then closed).
   */
  private boolean nameSettled(Link l, Frame.Hello h) {
    if (!sameNamespace(h)) {
      return false;
    }
    if (h.name().equals(node.self())) {
      String other = "instance " + h.instance() + " at " + l.peerAddress;
      if (links.isEmpty() && h.instance() < node.instance()) {
        refuse(l, "name conflict: " + node.self() + " yields to " + other);
        nameLost(l, other);
      } else {
        node.stats().increment(Counter.NAME_CONFLICTS);
        LOG.warn("[{}] refused another instance of this name ({}): this instance holds it", node.self(), other);
        refuse(l, ByeReasons.NAME_TAKEN + node.self() + " is held by instance " + node.instance() + " at " + listenText());
      }
      return true;
    }
    String holder = events.nameHeldElsewhere(h.name(), h.instance());
    if (holder == null) {
      return false;
    }
    node.stats().increment(Counter.NAME_CONFLICTS);
    LOG.warn("[{}] refused {} (instance {} at {}): the name is held by live {}", node.self(), h.name(), h.instance(),
        l.peerAddress, holder);
    refuse(l, (links.containsKey(h.name()) ? ByeReasons.NAME_TAKEN : ByeReasons.NAME_IN_USE) + h.name() + " is held by " + holder);
    return true;
  }

  private String listenText() {
    return listenAddress.getAddress().getHostAddress() + ":" + listenAddress.getPort();
  }

  /** A BYE ended a handshake: a name-taken refusal makes a node without links yield. */
  private void refusedByPeer(Link l, String reason) {
    if (reason.startsWith(ByeReasons.NAME_TAKEN) && links.isEmpty()) {
      String holder = reason.substring(ByeReasons.NAME_TAKEN.length());
      int by = holder.indexOf(" is held by ");
      nameLost(l, by >= 0 ? holder.substring(by + " is held by ".length()) : holder);
    } else if (reason.startsWith(ByeReasons.NAME_TAKEN) || reason.startsWith(ByeReasons.NAME_IN_USE)) {
      LOG.warn("[{}] {} refused us ({})", node.self(), l, reason);
    }
    close(l, "refused by peer: " + reason);
  }

  /** This node yields its name to {@code holder}: the dial fails typed, and the node stops. */
  private void nameLost(Link l, String holder) {
    NameConflictException e = new NameConflictException(node.self(), holder);
    if (l.dialDone != null) {
      l.dialDone.completeExceptionally(e);
    }
    events.nameLost(e);
  }

  /** Two links to one peer: keep exactly one. Returns whether the new link {@code l} stays. */
  private boolean resolveDuplicate(Link l, Link existing, Frame.Hello h) {
    if (h.instance() != existing.peerInstance) {
      if (h.instance() > existing.peerInstance) {
        LOG.info("[{}] {} restarted (instance {}), dropping its old link", node.self(), h.name(), h.instance());
        close(existing, "peer restarted");
        return true;
      }
      refuse(l, "duplicate name " + h.name() + " (an older instance)");
      return false;
    }
    String winnerDialer = node.self().compareTo(h.name()) < 0 ? node.self() : h.name();
    if (existing.dialer(node.self()).equals(winnerDialer) || !l.dialer(node.self()).equals(winnerDialer)) {
      refuse(l, "duplicate link to " + h.name());
      return false;
    }
    existing.replaced = true;
    existing.connection.sendControl(new Frame.Bye(ByeReasons.REPLACED));
    existing.connection.close(ByeReasons.REPLACED);
    return true;
  }

  private void establish(Link l, Link replaced) {
    handshaking.remove(l);
    handshakeEnded(l);
    l.established = true;
    l.connection.linkUp();
    l.lastHeardNanos = node.loop().nanoTime();
    links.put(l.peer, l);
    published.linkUp(l.peer, l.connection);
    boolean newPeer = replaced == null || replaced.peerInstance != l.peerInstance;
    if (newPeer) {
      node.stats().increment(Counter.LINKS_OPENED);
      LOG.info("[{}] link up: {} ({})", node.self(), l.peer, l.connection.remote());
    }
    events.linkUp(l, newPeer);
    if (l.dialDone != null) {
      l.dialDone.complete(l.peer);
    }
  }

  /** A handshake is over (either way): its timer and, for a dial, the pending count go. */
  private void handshakeEnded(Link l) {
    if (l.handshakeTimer != null) {
      l.handshakeTimer.cancel();
    }
    if (l.outgoing) {
      pendingDials--;
      if (l.expectedName != null) {
        dialingNames.remove(l.expectedName);
      }
    }
  }

  // ---------------------------------------------------------------- closing (loop)

  private void refuse(Link l, String reason) {
    node.stats().increment(Counter.HANDSHAKE_REFUSED);
    LOG.info("[{}] refused {}: {}", node.self(), l, reason);
    l.connection.sendControl(new Frame.Bye(reason));
    close(l, reason);
  }

  /**
   * A BYE arrived on the established link {@code l}. One that says the peer replaced it by a
   * simultaneous dial closes it without a link-down event: the link the peer kept comes up here
   * as its replacement, or the neighbour is reported down after the handshake timeout.
   */
  public void byeArrived(Link l, String reason) {
    if (!ByeReasons.REPLACED.equals(reason) || !l.established || links.get(l.peer) != l) {
      close(l, "peer said bye: " + reason);
      return;
    }
    l.replaced = true;
    close(l, "peer said bye: " + reason);
    awaitingSuccessor.put(l.peer, l);
    node.loop().schedule(() -> {
      if (!node.isClosed() && awaitingSuccessor.remove(l.peer, l)) {
        reportDown(l, "peer said bye: " + reason + ", and no new link came within the handshake timeout");
      }
    }, node.config().handshakeTimeout().toNanos());
  }

  /** Closes {@code l} (without BYE) and handles its loss at once. */
  public void close(Link l, String reason) {
    l.connection.close(reason);
    linkClosed(l, reason);
  }

  private void linkClosed(Link l, String reason) {
    if (l.closed) {
      return;
    }
    l.closed = true;
    if (handshaking.remove(l)) {
      handshakeEnded(l);
      if (l.dialDone != null) {
        l.dialDone.completeExceptionally(new MeshException("dial refused: " + reason));
      }
      return;
    }
    if (!l.established || links.get(l.peer) != l) {
      return;
    }
    links.remove(l.peer);
    manualPeers.remove(l.peer);
    published.linkDown(l.peer, l.connection);
    if (l.replaced) {
      return;
    }
    reportDown(l, reason);
  }

  private void reportDown(Link l, String reason) {
    node.stats().increment(Counter.LINKS_CLOSED);
    LOG.info("[{}] link down: {} ({})", node.self(), l.peer, reason);
    events.linkDown(l, reason);
  }

  /** Says BYE and drops the link to {@code peer}; false when there is none. */
  public boolean hangup(String peer) {
    Link l = links.get(peer);
    if (l == null) {
      return false;
    }
    l.connection.sendControl(new Frame.Bye(ByeReasons.HANGUP_BY + node.self()));
    close(l, "hangup");
    return true;
  }

  /** Says BYE on every link and closes all of them and every handshake (node shutdown). */
  public void closeAll(String reason) {
    for (Link l : new ArrayList<>(links.values())) {
      l.connection.sendControl(new Frame.Bye(reason));
      l.connection.close("node closing");
    }
    for (Link l : new ArrayList<>(handshaking)) {
      l.connection.close("node closing");
    }
    links.clear();
    handshaking.clear();
  }
}
