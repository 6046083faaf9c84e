package io.meshage.cli;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The fan-out of the live page's Server-Sent Events: {@link #publish} hands one event to every
 * connected client's bounded queue ({@value #QUEUE} frames, {@value #MAX_QUEUED_CHARS} characters)
 * without blocking; a client whose queue is full (it stopped reading) is dropped with a log line, so that no client can make memory grow. The last {@value
 * #HISTORY} membership events are replayed to a client that connects.
 */
final class LiveEvents {
  private static final Logger LOG = LogManager.getLogger(LiveEvents.class);
  static final int QUEUE = 256;
  /** At most this many characters wait for one client (a big mesh's frames are large). */
  static final long MAX_QUEUED_CHARS = 2L << 20;
  static final int MAX_CLIENTS = 16;
  static final int HISTORY = 200;

  /** One connected client: its pending frames, and what to do when it is dropped (close its socket). */
  static final class Client {
    private final String who;
    private final ArrayBlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Runnable disconnect;
    private final java.util.concurrent.atomic.AtomicLong queuedChars = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean dropped;

    Client(String who, Runnable disconnect) {
      this.who = who;
      this.disconnect = disconnect;
    }

    /** The next frame, waiting at most {@code millis}; null on timeout or once dropped. */
    String next(long millis) throws InterruptedException {
      String f = dropped ? null : queue.poll(millis, TimeUnit.MILLISECONDS);
      if (f != null) {
        queuedChars.addAndGet(-f.length());
      }
      return f;
    }

    /** Queues {@code f} unless that would pass either bound. */
    private boolean offer(String f) {
      if (queuedChars.get() + f.length() > MAX_QUEUED_CHARS || !queue.offer(f)) {
        return false;
      }
      queuedChars.addAndGet(f.length());
      return true;
    }

    boolean dropped() {
      return dropped;
    }
  }

  private final String self;
  private final Set<Client> clients = ConcurrentHashMap.newKeySet();
  private final ArrayDeque<String> history = new ArrayDeque<>();
  private long dropCount;

  LiveEvents(String self) {
    this.self = self;
  }

  /** {@code event: NAME\ndata: JSON\n\n}: one SSE frame (data is one line of JSON). */
  static String frame(String event, String json) {
    return "event: " + event + "\ndata: " + json + "\n\n";
  }

  /**
   * Registers a client, queueing the remembered membership events for it first; null when {@value
   * #MAX_CLIENTS} are connected already.
   */
  Client connect(String who, Runnable disconnect) {
    Client c = new Client(who, disconnect);
    synchronized (this) {
      if (clients.size() >= MAX_CLIENTS) {
        return null;
      }
      for (String f : history) {
        c.offer(f);
      }
      clients.add(c);
    }
    return c;
  }

  void disconnect(Client c) {
    clients.remove(c);
  }

  /** Sends an event to every client; never blocks. {@code remember}: replay it to later clients. */
  void publish(String event, String json, boolean remember) {
    String f = frame(event, json);
    List<Client> slow = new ArrayList<>();
    synchronized (this) {
      if (remember) {
        if (history.size() == HISTORY) {
          history.poll();
        }
        history.add(f);
      }
      for (Client c : clients) {
        if (!c.offer(f)) {
          slow.add(c);
        }
      }
    }
    slow.forEach(this::drop);
  }

  private void drop(Client c) {
    if (!clients.remove(c)) {
      return;
    }
    c.dropped = true;
    synchronized (this) {
      dropCount++;
    }
    LOG.warn("[{}] http: dropped event-stream client {}: {} events ({} characters) unread, it stopped reading",
        self, c.who, c.queue.size(), c.queuedChars.get());
    c.queue.clear();
    c.queuedChars.set(0);
    c.disconnect.run();
  }

  /** Cuts every client off (the server closes). */
  void closeAll() {
    for (Client c : List.copyOf(clients)) {
      clients.remove(c);
      c.dropped = true;
      c.disconnect.run();
    }
  }

  int clients() {
    return clients.size();
  }

  synchronized long dropped() {
    return dropCount;
  }
}
