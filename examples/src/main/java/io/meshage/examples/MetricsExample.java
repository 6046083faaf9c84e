package io.meshage.examples;

import io.meshage.MeshNode;
import io.meshage.micrometer.MeshMetrics;
import io.meshage.micrometer.PrometheusEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;

/** "Metrics": Micrometer meters of a node, and a Prometheus endpoint. */
public final class MetricsExample {
  private MetricsExample() {}

  /** Binds {@code node}'s meters to {@code registry} and serves them on {@code port} (the README shows 9464). */
  public static PrometheusEndpoint run(MeshNode node, MeterRegistry registry, int port) throws IOException {
    // README:begin metrics
    new MeshMetrics(node).bindTo(registry);          // any Micrometer registry
    PrometheusEndpoint metrics = PrometheusEndpoint.start(node, new InetSocketAddress("127.0.0.1", port));  // GET /metrics
    // README:end
    return metrics;
  }
}
