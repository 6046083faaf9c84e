package io.meshage.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The small HTTP/1.1 server of the live page: GET only, one request per connection, a fixed set
 * of paths. Its own rather than the JDK's so that a client that stops reading its event stream
 * can be cut off (its socket closed), which frees its thread. Requests are bounded (8 KiB of
 * head, 5 s to send it); connections beyond the thread bound get 503.
 */
final class LiveHttp implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(LiveHttp.class);
  static final int MAX_HEAD = 8192;
  static final int READ_TIMEOUT_MILLIS = 5000;
  static final long KEEPALIVE_MILLIS = 15_000;

  /** What the server serves: static files, the JSON views, and the event stream's first frames. */
  interface Site {
    /** A static file or JSON view for {@code path}; null when there is none. */
    Page page(String path);

    /** The frames a new event-stream client gets before the live ones (the current mesh, ...). */
    String greeting();
  }

  /** A response body with its content type. */
  record Page(String contentType, byte[] body) {}

  private final String self;
  private final ServerSocket server;
  private final Site site;
  private final LiveEvents events;
  private final boolean loopbackOnly;
  private final ThreadPoolExecutor workers;
  private final Thread acceptor;
  private volatile boolean closed;

  LiveHttp(String self, InetSocketAddress at, Site site, LiveEvents events) throws IOException {
    this.self = self;
    this.site = site;
    this.events = events;
    this.loopbackOnly = at.getAddress().isLoopbackAddress();
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(at, 50);
    AtomicInteger n = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(0, LiveEvents.MAX_CLIENTS + 8, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> daemon(r, "meshage-http-" + self + "-" + n.incrementAndGet()));
    this.acceptor = daemon(this::acceptLoop, "meshage-http-accept-" + self);
    acceptor.start();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("[{}] http: accept failed: {}", self, e.getMessage());
        }
        continue;
      }
      try {
        workers.execute(() -> serve(s));
      } catch (RejectedExecutionException e) {
        try (s) {
          s.setSoTimeout(READ_TIMEOUT_MILLIS);
          respond(s.getOutputStream(), 503, "text/plain", "busy: too many connections\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
          // the client is gone
        }
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setSoTimeout(READ_TIMEOUT_MILLIS);
      s.setTcpNoDelay(true);
      String head = readHead(s.getInputStream());
      OutputStream out = s.getOutputStream();
      if (head == null) {
        respond(out, 431, "text/plain", "request head too large or incomplete\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String[] line = head.split("\r\n", 2)[0].split(" ");
      if (line.length != 3 || !line[2].startsWith("HTTP/1.")) {
        respond(out, 400, "text/plain", "bad request line\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (!line[0].equals("GET")) {
        respond(out, 405, "text/plain", "only GET\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (loopbackOnly && !loopbackHost(header(head, "host"))) {
        // a page on another origin that resolves its name to 127.0.0.1 (DNS rebinding) gets nothing
        respond(out, 403, "text/plain", "Host must be a loopback name or address\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String path = line[1];
      int q = path.indexOf('?');
      path = q < 0 ? path : path.substring(0, q);
      if (path.equals("/api/events")) {
        stream(s, out);
        return;
      }
      Page page = site.page(path);
      if (page == null) {
        respond(out, 404, "text/plain", ("no such page: " + path + "\n").getBytes(StandardCharsets.UTF_8));
      } else {
        respond(out, 200, page.contentType(), page.body());
      }
    } catch (IOException e) {
      LOG.debug("[{}] http: {}", self, e.getMessage());
    }
  }

  /** The request head up to the blank line, or null when it is longer than {@value #MAX_HEAD} bytes or cut short. */
  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (head.size() < MAX_HEAD) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  /** The value of header {@code name} (lower case) in {@code head}; "" when absent. */
  static String header(String head, String name) {
    for (String h : head.split("\r\n")) {
      int colon = h.indexOf(':');
      if (colon > 0 && h.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals(name)) {
        return h.substring(colon + 1).strip();
      }
    }
    return "";
  }

  /** {@code localhost:8080}, {@code 127.0.0.1}, {@code [::1]:80}: names that only reach this machine. */
  static boolean loopbackHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      return h.startsWith("[::1]");
    }
    int colon = h.indexOf(':');
    h = colon < 0 ? h : h.substring(0, colon);
    return h.equals("localhost") || h.matches("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");
  }

  private static void respond(OutputStream out, int status, String type, byte[] body) throws IOException {
    String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: " + type
        + "\r\nContent-Length: " + body.length + "\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff"
        + "\r\nConnection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 431 -> "Request Header Fields Too Large";
      default -> "Service Unavailable";
    };
  }

  /** Serves {@code /api/events} until the client goes, is dropped as too slow, or the server closes. */
  private void stream(Socket s, OutputStream out) throws IOException {
    LiveEvents.Client client = events.connect(String.valueOf(s.getRemoteSocketAddress()), () -> {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing only to wake the writer
      }
    });
    if (client == null) {
      respond(out, 503, "text/plain", ("busy: " + LiveEvents.MAX_CLIENTS + " event streams open\n")
          .getBytes(StandardCharsets.UTF_8));
      return;
    }
    try {
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store"
          + "\r\nConnection: close\r\n\r\nretry: 1000\n\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(site.greeting().getBytes(StandardCharsets.UTF_8));
      out.flush();
      while (!closed && !client.dropped()) {
        String frame = client.next(KEEPALIVE_MILLIS);
        out.write((frame == null ? ": keepalive\n\n" : frame).getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      events.disconnect(client);
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    events.closeAll();
    workers.shutdownNow();
  }
}
