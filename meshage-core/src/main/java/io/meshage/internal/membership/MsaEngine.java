package io.meshage.internal.membership;

import io.meshage.Counter;
import io.meshage.internal.EventLoop;
import io.meshage.internal.NodeContext;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.link.Link;
import io.meshage.internal.link.LinkTable;
import io.meshage.internal.routing.RouteManager;
import io.meshage.routing.LinkStateDatabase;
import io.meshage.routing.Msa;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Mesh state announcements: originating this node's MSA (triggered on change, rate-limited, and
 * refreshed every period), flooding new ones, answering stale copies, ageing out silent origins,
 * and database summaries on link up. Owned by the event loop.
 *
 * <p>No input makes a storm: triggered originations are bounded to a burst of {@value
 * #ORIGINATION_BURST} and then one per {@link #RATE_INTERVAL_NANOS} (and never closer than {@code
 * msaMinInterval}); a stale copy is answered at most once per origin per {@link
 * #RATE_INTERVAL_NANOS} and only with a copy of the same instance; an MSA of another instance of a name this node knows live first hand
 * (itself, or a neighbour it has a link to) is dropped unanswered ({@link LiveNames#conflicts}).
 */
public final class MsaEngine {
  private static final Logger LOG = LogManager.getLogger(MsaEngine.class);
  private static final long MS = 1_000_000L;
  /** Triggered originations allowed back to back before the rate bound applies. */
  static final int ORIGINATION_BURST = 8;
  /** The sustained spacing of triggered originations, and of stale replies per origin: 50 ms. */
  static final long RATE_INTERVAL_NANOS = 50 * MS;

  private final NodeContext node;
  private final LinkStateDatabase lsdb;
  private final LinkTable links;
  private final RouteManager routes;
  private final LiveNames names;
  private final Runnable onRefreshTick;
  /** Origin to when its last stale copy was answered. */
  private final Map<String, Long> staleAnswered = new HashMap<>();
  /** Token bucket of triggered originations, as the time its next token is due (GCRA). */
  private long bucketDueNanos = Long.MIN_VALUE / 2;
  private long conflictLoggedInstance;
  private final Map<String, String> metadata = new TreeMap<>();
  private final List<Consumer<Msa>> listeners = new CopyOnWriteArrayList<>();
  private long periodNanos;
  private long lastOriginatedNanos = Long.MIN_VALUE / 2;
  private boolean triggered;
  private boolean originatedNow;
  private EventLoop.Cancellable periodic;

  /** {@code onRefreshTick} runs on every periodic refresh, before the MSA goes out. */
  public MsaEngine(
      NodeContext node, LinkStateDatabase lsdb, LinkTable links, RouteManager routes, LiveNames names,
      Runnable onRefreshTick) {
    this.node = node;
    this.lsdb = lsdb;
    this.links = links;
    this.routes = routes;
    this.names = names;
    this.onRefreshTick = onRefreshTick;
    this.periodNanos = node.config().msaPeriod().toNanos();
  }

  /** Originates the first MSA and starts the refresh timer. */
  public void start() {
    originate();
    schedulePeriodic();
  }

  public long periodNanos() {
    return periodNanos;
  }

  public void setPeriod(long nanos) {
    periodNanos = nanos;
    schedulePeriodic();
  }

  /** Adds a listener of every MSA accepted as new (on the loop thread: keep it short). */
  public void addListener(Consumer<Msa> l) {
    listeners.add(l);
  }

  /** Sets (or with null removes) one metadata entry and announces it soon. */
  public void setMetadata(String key, String value) {
    boolean changed = value == null ? metadata.remove(key) != null : !value.equals(metadata.put(key, value));
    if (changed) {
      trigger();
    }
  }

  /** Puts one metadata entry before {@link #start}, to go out with the first MSA. */
  public void initialMetadata(String key, String value) {
    metadata.put(key, value);
  }

  /** Originates an MSA now, regardless of the rate limit (a closing node's last one). */
  public void originateNow() {
    if (!node.isClosed()) {
      originate();
      originatedNow = true;
    }
  }

  public Map<String, String> metadata() {
    return Map.copyOf(metadata);
  }

  private void schedulePeriodic() {
    if (periodic != null) {
      periodic.cancel();
    }
    periodic = node.loop().schedule(this::refresh, periodNanos);
  }

  private void refresh() {
    if (node.isClosed()) {
      return;
    }
    onRefreshTick.run();
    originate();
    List<String> expired = lsdb.expire(node.loop().millis(), 3 * periodNanos / MS);
    if (!expired.isEmpty()) {
      node.stats().add(Counter.MSA_EXPIRED, expired.size());
      LOG.info("[{}] aged out {}", node.self(), expired);
      routes.markDirty();
    }
    schedulePeriodic();
  }

  /**
   * Originates an MSA soon: at most one per {@code msaMinInterval}, and past a burst of {@value
   * #ORIGINATION_BURST} at most one per {@link #RATE_INTERVAL_NANOS}.
   */
  public void trigger() {
    if (triggered || node.isClosed()) {
      return;
    }
    triggered = true;
    long asked = node.loop().nanoTime();
    long wait = Math.max(lastOriginatedNanos + node.config().msaMinInterval().toNanos() - asked,
        bucketDueNanos - (ORIGINATION_BURST - 1) * RATE_INTERVAL_NANOS - asked);
    node.loop().schedule(
        () -> {
          triggered = false;
          // an MSA originated at once since (a closing node's) already carried the change
          if (!node.isClosed() && !(originatedNow && lastOriginatedNanos >= asked)) {
            bucketDueNanos = Math.max(bucketDueNanos, node.loop().nanoTime()) + RATE_INTERVAL_NANOS;
            originate();
          }
        },
        Math.max(0, wait));
  }

  /**
   * Floods a last MSA with no neighbours and {@link MembershipTracker#BYE_KEY}: the node closes on
   * purpose. Every other node drops it from its view at once and reports it as LEFT, not FAILED.
   */
  public void originateFinal() {
    Map<String, String> last = new TreeMap<>(metadata);
    last.put(MembershipTracker.BYE_KEY, "1");
    Msa msa = lsdb.originate(new TreeSet<>(), last, node.loop().millis());
    node.stats().increment(Counter.MSA_ORIGINATED);
    Frame f = new Frame.MsaFrame(msa);
    for (Link l : links.established()) {
      send(l, f);
    }
  }

  private void originate() {
    lastOriginatedNanos = node.loop().nanoTime();
    Msa before = lsdb.get(node.self()).orElse(null);
    Msa msa = lsdb.originate(new TreeSet<>(links.names()), metadata, node.loop().millis());
    node.stats().increment(Counter.MSA_ORIGINATED);
    Frame f = new Frame.MsaFrame(msa);
    for (Link l : links.established()) {
      send(l, f);
    }
    if (before == null || !before.neighbors().equals(msa.neighbors())) {
      routes.markDirty();
    }
  }

  private void send(Link l, Frame f) {
    node.stats().increment(Counter.MSA_SENT);
    l.connection().sendControl(f);
  }

  /** An MSA arrived on {@code from}. */
  public void arrived(Link from, Msa msa) {
    node.stats().increment(Counter.MSA_RECEIVED);
    if (names.conflicts(msa)) {
      node.stats().increment(Counter.MSA_CONFLICTS);
      if (conflictLoggedInstance != msa.instance()) {
        conflictLoggedInstance = msa.instance();
        LOG.warn("[{}] dropping MSAs of {} instance {} (from {}): another instance of that name is live here",
            node.self(), msa.origin(), msa.instance(), from.peer());
      }
      return;
    }
    LinkStateDatabase.Offer offer = lsdb.offer(msa, node.loop().millis());
    switch (offer.verdict()) {
      case NEW -> accepted(from, offer.replaced(), msa);
      case DUPLICATE -> node.stats().increment(Counter.MSA_DROPPED);
      case STALE -> {
        // Only an older copy of the same instance is answered: an instance change travels by
        // flooding alone, so a copy of an instance that is gone (a stopped twin's) dies out
        // instead of being handed back and forth until it outlives every expiry.
        if (offer.held() != null && offer.held().instance() == msa.instance() && staleAnswerAllowed(msa.origin())) {
          node.stats().increment(Counter.MSA_STALE_REPLIES);
          send(from, new Frame.MsaFrame(offer.held()));
        }
      }
      case SELF_JUMP -> {
        LOG.info("[{}] saw an own MSA newer than ours, jumping the sequence", node.self());
        trigger();
      }
    }
  }

  /** Whether a stale copy of {@code origin} may be answered now (once per origin per rate interval). */
  private boolean staleAnswerAllowed(String origin) {
    long now = node.loop().nanoTime();
    Long last = staleAnswered.get(origin);
    if (last != null && now - last < RATE_INTERVAL_NANOS) {
      node.stats().increment(Counter.MSA_STALE_SUPPRESSED);
      return false;
    }
    if (staleAnswered.size() > 2 * lsdb.size() + 64) {
      staleAnswered.values().removeIf(t -> now - t >= RATE_INTERVAL_NANOS);
    }
    staleAnswered.put(origin, now);
    return true;
  }

  private void accepted(Link from, Msa before, Msa msa) {
    Frame f = new Frame.MsaFrame(msa);
    boolean sameLinks = before != null && before.neighbors().equals(msa.neighbors());
    if (sameLinks && isRefresh(before, msa)) {
      for (String child : routes.current().broadcastChildren(msa.origin())) {
        Link l = links.get(child);
        if (l != null && l != from) {
          node.stats().increment(Counter.MSA_FORWARDED);
          send(l, f);
        }
      }
    } else {
      for (Link l : links.established()) {
        if (l != from) {
          node.stats().increment(Counter.MSA_FORWARDED);
          send(l, f);
        }
      }
    }
    for (Consumer<Msa> listener : listeners) {
      listener.accept(msa);
    }
    if (!sameLinks) {
      routes.markDirty();
    }
  }

  /**
   * A refresh repeats what we hold (same instance, neighbours and metadata; the caller compared
   * the neighbours): it travels down the origin's shortest-path tree (N-1 transmissions) instead
   * of being flooded (about 2E). Changes are always flooded; a refresh lost to a transient
   * disagreement is repaired by the next one.
   */
  private boolean isRefresh(Msa before, Msa msa) {
    return before.instance() == msa.instance()
        && before.metadata().equals(msa.metadata())
        && routes.isFresh()
        && routes.recent().isReachable(msa.origin());
  }

  /** Tells a new neighbour what this node holds, so that each side sends what the other lacks. */
  public void sendSummary(Link l) {
    List<Frame.SummaryEntry> entries = new ArrayList<>();
    for (Msa m : lsdb.all()) {
      entries.add(new Frame.SummaryEntry(m.origin(), m.instance(), m.sequence()));
    }
    node.stats().increment(Counter.SUMMARIES_SENT);
    l.connection().sendControl(new Frame.Summary(entries));
  }

  /** A neighbour's summary arrived: send it every MSA it lacks or holds an older copy of. */
  public void summaryArrived(Link l, Frame.Summary s) {
    Map<String, Frame.SummaryEntry> theirs = new HashMap<>();
    for (Frame.SummaryEntry e : s.entries()) {
      theirs.put(e.origin(), e);
    }
    for (Msa m : lsdb.all()) {
      Frame.SummaryEntry e = theirs.get(m.origin());
      if (e == null || Msa.supersedes(m.instance(), m.sequence(), e.instance(), e.sequence())) {
        send(l, new Frame.MsaFrame(m));
      }
    }
  }
}
