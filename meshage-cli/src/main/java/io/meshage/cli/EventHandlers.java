package io.meshage.cli;

import io.meshage.MembershipEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Serf-style event handlers ({@code --on-event EVENT=COMMAND}): each membership event runs the
 * commands registered for it with {@code sh -c}, the event in environment variables ({@code
 * MESHAGE_EVENT}, {@code MESHAGE_NODE}, {@code MESHAGE_ADDRESS}, {@code MESHAGE_TAGS}, {@code
 * MESHAGE_REASON}, {@code MESHAGE_INSTANCE}, {@code MESHAGE_SELF}). They run on threads of their
 * own, at most {@value #THREADS} at once with {@value #QUEUE} waiting (more are dropped with a
 * warning), and their output goes to the log line by line.
 */
final class EventHandlers implements Consumer<MembershipEvent>, AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(EventHandlers.class);
  static final int THREADS = 2;
  static final int QUEUE = 64;

  /** One {@code EVENT=COMMAND}: EVENT is an event name as {@link #eventName} prints it, or {@code *}. */
  record Handler(String event, String command) {
    static Handler parse(String spec) {
      int eq = spec.indexOf('=');
      String event = eq < 0 ? "" : spec.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      String command = eq < 0 ? "" : spec.substring(eq + 1).strip();
      if (command.isEmpty() || !(event.equals("*") || names().contains(event))) {
        throw new IllegalArgumentException(
            "--on-event takes EVENT=COMMAND with EVENT one of " + String.join(", ", names()) + " or *, got '"
                + spec + "'");
      }
      return new Handler(event, command);
    }
  }

  private final String self;
  private final List<Handler> handlers;
  private final Duration limit;
  private final ThreadPoolExecutor pool;

  EventHandlers(String self, List<Handler> handlers, Duration limit) {
    this.self = self;
    this.handlers = List.copyOf(handlers);
    this.limit = limit;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
            r -> {
              Thread t = new Thread(r, "meshage-on-event-" + self + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            (r, p) -> LOG.warn("[{}] on-event: {} handlers already waiting; one dropped", self, QUEUE));
    pool.allowCoreThreadTimeOut(true);
  }

  /** {@code failed}, {@code link-down}, ...: the names EVENT takes. */
  static String eventName(MembershipEvent.Type t) {
    return t.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static List<String> names() {
    List<String> names = new ArrayList<>();
    for (MembershipEvent.Type t : MembershipEvent.Type.values()) {
      names.add(eventName(t));
    }
    return names;
  }

  @Override
  public void accept(MembershipEvent e) {
    String name = eventName(e.type());
    for (Handler h : handlers) {
      if (h.event().equals("*") || h.event().equals(name)) {
        if (!pool.isShutdown()) {
          pool.execute(() -> run(h.command(), e));
        }
      }
    }
  }

  /** The environment a handler sees. */
  Map<String, String> environment(MembershipEvent e) {
    return Map.of(
        "MESHAGE_EVENT", eventName(e.type()),
        "MESHAGE_NODE", e.node(),
        "MESHAGE_ADDRESS", e.address(),
        "MESHAGE_TAGS", MeshInfo.tagText(e.tags()).replace(' ', ','),
        "MESHAGE_REASON", e.reason(),
        "MESHAGE_INSTANCE", Long.toString(e.instance()),
        "MESHAGE_SELF", self);
  }

  private void run(String command, MembershipEvent e) {
    String what = eventName(e.type()) + " " + e.node();
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true);
    pb.environment().putAll(environment(e));
    Process p;
    try {
      p = pb.start();
    } catch (IOException ex) {
      LOG.warn("[{}] on-event {}: cannot start sh: {}", self, what, ex.getMessage());
      return;
    }
    try {
      p.getOutputStream().close();
      if (!limit.isZero()) {
        p.onExit().orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS).exceptionally(t -> {
          OsCommand.kill(p);
          return p;
        });
      }
      BoundedLines.forEach(p.getInputStream(), line -> LOG.info("[{}] on-event {}: {}", self, what, line));
      int status = p.waitFor();
      if (status != 0) {
        LOG.warn("[{}] on-event {}: '{}' exited with status {}", self, what, command, status);
      }
    } catch (IOException ex) {
      LOG.warn("[{}] on-event {}: {}", self, what, ex.getMessage());
    } catch (InterruptedException ex) {
      OsCommand.kill(p);
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
