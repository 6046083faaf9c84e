package io.meshage.cli;

import io.meshage.MeshNode;
import io.meshage.Subscription;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code --http}: the live page of one node. Membership events go to the page as they happen; a
 * changed topology is sent within {@value #TICK_MILLIS} ms; every second a {@code stats} event
 * carries the mesh size, this node's counters and the verdict-latency histogram. Everything runs
 * on the server's own threads: the node's listeners only queue frames or set a flag.
 */
final class LiveServer implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(LiveServer.class);
  static final long TICK_MILLIS = 100;
  static final int SIZE_SAMPLES = 600;
  static final long ASK_MILLIS = 5000;
  private static final String WEB = "/io/meshage/cli/web/";
  private static final Map<String, String> FILES = Map.of(
      "/", "index.html:text/html; charset=utf-8",
      "/index.html", "index.html:text/html; charset=utf-8",
      "/live.js", "live.js:text/javascript; charset=utf-8",
      "/live.css", "live.css:text/css; charset=utf-8");

  private final MeshNode node;
  private final LiveView view;
  private final LiveEvents events;
  private final LiveVerdicts verdicts = new LiveVerdicts();
  private final ArrayDeque<List<Long>> sizes = new ArrayDeque<>();
  private final AtomicBoolean changed = new AtomicBoolean();
  private final List<Subscription> subscriptions = new ArrayList<>();
  private final ScheduledExecutorService ticker;
  private final LiveHttp http;
  private final java.util.concurrent.Semaphore asking = new java.util.concurrent.Semaphore(2);
  private volatile LiveCounters others;
  private long ticks;

  private LiveServer(MeshNode node, InetSocketAddress at, Collection<MeshNode> verdictSources) throws IOException {
    this.node = node;
    this.view = new LiveView(node);
    this.events = new LiveEvents(node.name());
    subscriptions.add(node.onMembership(e -> {
      events.publish("membership", view.event(e, System.currentTimeMillis()), true);
      changed.set(true);
    }));
    subscriptions.add(node.onTopologyChange(m -> changed.set(true)));
    for (MeshNode n : verdictSources) {
      subscriptions.add(n.onVerdict(verdicts));
    }
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "meshage-live-" + node.name());
      t.setDaemon(true);
      return t;
    });
    try {
      this.http = new LiveHttp(node.name(), at, new Site(), events);
    } catch (IOException e) {
      ticker.shutdownNow();
      subscriptions.forEach(Subscription::close);
      throw new IOException("--http: cannot listen on " + HostPort.format(at.getAddress(), at.getPort(), null) + ": " + e.getMessage(), e);
    }
    ticker.scheduleWithFixedDelay(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Serves the live page of {@code node} at {@code at}; the histogram counts the verdicts of {@code verdictSources}. */
  static LiveServer start(MeshNode node, InetSocketAddress at, Collection<MeshNode> verdictSources)
      throws IOException {
    return new LiveServer(node, at, verdictSources);
  }

  /** Where {@code /api/counters/NAME} gets other nodes' counters; without it, only this node's are known. */
  LiveServer counters(LiveCounters source) {
    this.others = source;
    return this;
  }

  InetSocketAddress address() {
    return http.address();
  }

  /** {@code http://127.0.0.1:8080/}. */
  String url() {
    return "http://" + HostPort.format(address().getAddress(), address().getPort(), null) + "/";
  }

  /** {@code http http://127.0.0.1:8080/}: the line the commands print, for scripts. */
  String line() {
    return "http " + url();
  }

  private void tick() {
    try {
      long now = System.currentTimeMillis();
      if (changed.getAndSet(false)) {
        events.publish("mesh", view.mesh(now), false);
      }
      if (ticks++ % (1000 / TICK_MILLIS) == 0) {
        events.publish("stats", stats(now), false);
      }
    } catch (RuntimeException e) {
      LOG.warn("[{}] http: live update failed: {}", node.name(), e.toString());
    }
  }

  /** {@code /api/stats}: mesh size, this node's counters, the verdict histogram; remembers the size. */
  private synchronized String stats(long now) {
    int size = view.size();
    if (sizes.size() == SIZE_SAMPLES) {
      sizes.poll();
    }
    sizes.add(List.of(now, (long) size));
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("time", now);
    o.put("size", size);
    o.put("inFlight", node.inFlight());
    o.put("clients", events.clients());
    o.put("droppedClients", events.dropped());
    o.put("counters", view.counters());
    o.put("verdicts", verdicts.toJson());
    return Json.of(o);
  }

  private synchronized String history() {
    return Json.of(Map.of("sizes", new ArrayList<>(sizes)));
  }

  /** What {@link LiveHttp} serves. */
  private final class Site implements LiveHttp.Site {
    @Override
    public LiveHttp.Page page(String path) {
      long now = System.currentTimeMillis();
      if (path.equals("/api/mesh")) {
        return json(view.mesh(now));
      }
      if (path.equals("/api/stats")) {
        return json(stats(now));
      }
      if (path.startsWith("/api/counters/")) {
        return json(countersOf(java.net.URLDecoder.decode(path.substring("/api/counters/".length()),
            StandardCharsets.UTF_8)));
      }
      String file = FILES.get(path);
      if (file == null) {
        return null;
      }
      int colon = file.indexOf(':');
      return new LiveHttp.Page(file.substring(colon + 1), resource(file.substring(0, colon)));
    }

    @Override
    public String greeting() {
      long now = System.currentTimeMillis();
      return LiveEvents.frame("mesh", view.mesh(now)) + LiveEvents.frame("history", history())
          + LiveEvents.frame("stats", stats(now));
    }
  }

  /**
   * {@code {"node":N,"counters":{...}}} or {@code {"node":N,"error":"..."}}: only names in the mesh
   * are asked, at most two at a time, each for at most {@value #ASK_MILLIS} ms.
   */
  private String countersOf(String name) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("node", name);
    if (name.equals(node.name())) {
      o.put("counters", view.counters());
      return Json.of(o);
    }
    LiveCounters source = others;
    if (!node.mesh().containsKey(name)) {
      o.put("error", "no node " + name + " in the mesh");
    } else if (source == null) {
      o.put("error", "counters are known for " + node.name() + " only");
    } else if (!asking.tryAcquire()) {
      o.put("error", "busy: two other nodes are being asked; try again");
    } else {
      Thread self = Thread.currentThread();
      java.util.concurrent.ScheduledFuture<?> watchdog =
          ticker.schedule(self::interrupt, ASK_MILLIS, TimeUnit.MILLISECONDS);
      try {
        o.put("counters", source.of(name));
      } catch (RuntimeException e) {
        o.put("error", String.valueOf(e.getMessage()));
      } finally {
        if (!watchdog.cancel(false)) {
          awaitQuietly(watchdog); // it fired or is firing: let it finish, then clear its interrupt
        }
        Thread.interrupted();
        asking.release();
      }
    }
    return Json.of(o);
  }

  private static void awaitQuietly(java.util.concurrent.Future<?> f) {
    while (true) {
      try {
        f.get();
        return;
      } catch (InterruptedException e) {
        // the watchdog's own interrupt: wait on
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
        return;
      }
    }
  }

  private static LiveHttp.Page json(String body) {
    return new LiveHttp.Page("application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] resource(String name) {
    try (InputStream in = LiveServer.class.getResourceAsStream(WEB + name)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + WEB + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    subscriptions.forEach(Subscription::close);
    ticker.shutdownNow();
    http.close();
  }
}
