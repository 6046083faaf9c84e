package io.meshage.internal.group;

import io.meshage.MeshNode;
import io.meshage.Subscription;
import io.meshage.command.Payloads;
import io.meshage.group.Notification;
import io.meshage.group.Notifications;
import io.meshage.internal.LayerScheduler;
import io.meshage.internal.command.CommandRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** The one implementation of {@link Notifications}; built by {@code NodeLayers}. */
public final class LocalNotifications implements Notifications {
  private static final Logger LOG = LogManager.getLogger(Notifications.class);

  /** The reserved command the notifications travel on. */
  static final int NOTIFY = 310;

  /** Each hop of the relay tree sends to at most this many nodes. */
  static final int RELAY_LIMIT = 4;

  /** At most this many live notifications are kept for later sinks and duplicate checks. */
  static final int MAX_LIVE = 10_000;

  private final MeshNode node;
  private final LayerScheduler scheduler;

  private final List<Consumer<Notification>> sinks = new CopyOnWriteArrayList<>();

  // id -> (notification, expiry in ns on the node's clock); guarded by "this"

  private final Map<String, Live> live = new LinkedHashMap<>();

  private final Set<String> services = new HashSet<>();

  private record Live(Notification notification, long expiresNanos) {}

  /** Built by the node factories (see {@code NodeLayers}). */
  public LocalNotifications(MeshNode node, LayerScheduler scheduler, CommandRegistry reserved) {
    this.node = node;
    this.scheduler = scheduler;
    reserved.handleReservedCommand(NOTIFY, (data, sender) -> {
      arrived(data);
      return null;
    });
  }

  @Override
  public Subscription start(String name, Duration interval, Supplier<Notification> supplier) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("service name must not be empty");
    }
    if (interval == null || interval.toMillis() < 1) {
      throw new IllegalArgumentException("interval must be at least 1 ms, got " + interval);
    }
    Objects.requireNonNull(supplier, "supplier");
    synchronized (this) {
      if (!services.add(name)) {
        throw new IllegalStateException("node " + node.name() + " already runs notification service " + name);
      }
    }
    Tick tick = new Tick(name, interval.toNanos(), supplier);
    tick.next();
    return tick;
  }

  @Override
  public Subscription onNotification(Consumer<Notification> sink) {
    Objects.requireNonNull(sink, "sink");
    List<Notification> now = new ArrayList<>();
    synchronized (this) {
      expire();
      live.values().forEach(l -> now.add(l.notification()));
      sinks.add(sink);
    }
    now.forEach(x -> scheduler.execute(() -> sink.accept(x)));
    return () -> sinks.remove(sink);
  }

  @Override
  public synchronized List<Notification> live() {
    expire();
    List<Notification> out = new ArrayList<>();
    live.values().forEach(l -> out.add(l.notification()));
    return out;
  }

  /** Sends {@code n} to every member of the mesh, this node included. */
  private void send(Notification n) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("id", n.id());
    data.put("name", n.name());
    data.put("ver", n.ver());
    data.put("cmd", n.cmd());
    data.put("message", n.message());
    data.put("ttl", n.ttl().toMillis());
    List<String> all = new ArrayList<>(node.broadcastRecipients());
    all.add(node.name());
    node.commands().sendMany(NOTIFY, all, data, RELAY_LIMIT).whenComplete((v, e) -> {
      if (e != null) {
        LOG.debug("[{}] notification {} did not reach every node: {}", node.name(), n.id(), e.getMessage());
      }
    });
  }

  private void arrived(Map<String, Object> data) {
    Notification n;
    try {
      n = new Notification(Payloads.getString(data, "id"), Payloads.getString(data, "name"),
          Payloads.getUint8(data, "ver"), Payloads.getUint16(data, "cmd"), Payloads.getBytes(data, "message"),
          Duration.ofMillis(Payloads.getLong(data, "ttl")));
    } catch (IllegalArgumentException e) {
      LOG.warn("[{}] malformed notification dropped: {}", node.name(), e.getMessage());
      return;
    }
    synchronized (this) {
      expire();
      if (live.containsKey(n.id())) {
        return;
      }
      if (live.size() >= MAX_LIVE) {
        Iterator<String> oldest = live.keySet().iterator();
        oldest.next();
        oldest.remove();
      }
      live.put(n.id(), new Live(n, scheduler.nanoTime() + n.ttl().toNanos()));
    }
    for (Consumer<Notification> s : sinks) {
      try {
        s.accept(n);
      } catch (RuntimeException e) {
        LOG.error("[{}] notification sink failed on {}", node.name(), n.id(), e);
      }
    }
  }

  private void expire() {
    long now = scheduler.nanoTime();
    live.values().removeIf(l -> l.expiresNanos() <= now);
  }

  /** One running service: asks its supplier every interval. */
  private final class Tick implements Subscription {
    private final String name;
    private final long intervalNanos;
    private final Supplier<Notification> supplier;
    private volatile boolean closed;
    private volatile Runnable cancel;

    Tick(String name, long intervalNanos, Supplier<Notification> supplier) {
      this.name = name;
      this.intervalNanos = intervalNanos;
      this.supplier = supplier;
    }

    void next() {
      if (!closed) {
        cancel = scheduler.schedule(this::run, intervalNanos);
      }
    }

    private void run() {
      if (closed) {
        return;
      }
      try {
        Notification n = supplier.get();
        if (n != null) {
          send(new Notification(n.id(), name, n.ver(), n.cmd(), n.message(), n.ttl()));
        }
      } catch (RuntimeException e) {
        LOG.error("[{}] notification service {} failed; trying again next interval", node.name(), name, e);
      }
      next();
    }

    @Override
    public void close() {
      closed = true;
      Runnable c = cancel;
      if (c != null) {
        c.run();
      }
      synchronized (LocalNotifications.this) {
        services.remove(name);
      }
    }
  }
}
