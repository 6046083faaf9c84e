package io.meshage.micrometer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meshage.MeshNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves one node's {@link MeshMetrics} as Prometheus text on {@code GET /metrics} (JDK HTTP
 * server, one daemon thread). Bind it to loopback unless the scraper is elsewhere.
 */
public final class PrometheusEndpoint implements AutoCloseable {
  /** The content type of the Prometheus text format. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final MeshMetrics metrics;
  private final HttpServer server;
  private final ExecutorService executor;

  private PrometheusEndpoint(PrometheusMeterRegistry registry, MeshMetrics metrics, HttpServer server, ExecutorService executor) {
    this.registry = registry;
    this.metrics = metrics;
    this.server = server;
    this.executor = executor;
  }

  /** Starts serving {@code node}'s metrics at {@code address} (port 0: any free port). */
  public static PrometheusEndpoint start(MeshNode node, InetSocketAddress address) throws IOException {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MeshMetrics metrics = new MeshMetrics(node);
    metrics.bindTo(registry);
    HttpServer server;
    try {
      server = HttpServer.create(address, 16);
    } catch (IOException e) {
      metrics.close();
      registry.close();
      throw new IOException("cannot serve metrics of " + node.name() + " on " + address + ": " + e.getMessage(), e);
    }
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "meshage-metrics-" + node.name());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/metrics", exchange -> answer(exchange, registry));
    server.start();
    return new PrometheusEndpoint(registry, metrics, server, executor);
  }

  private static void answer(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(200, head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  /** The address actually bound. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** The registry behind the endpoint (to add meters of one's own). */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    metrics.close();
    registry.close();
  }
}
