package io.meshage.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two nodes on loopback, one message, and a scrape of the first node's Prometheus endpoint. */
@Timeout(30)
class PrometheusEndpointTest {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void scrapeShowsCountersGaugesAndVerdictLatency() throws Exception {
    try (MeshNode m1 = start("m1");
        MeshNode m2 = start("m2");
        PrometheusEndpoint endpoint = PrometheusEndpoint.start(m1, new InetSocketAddress("127.0.0.1", 0))) {
      m1.dial("127.0.0.1:" + m2.listenAddress().getPort());
      awaitKnown(m1, "m2");
      java.util.concurrent.CountDownLatch timed = afterVerdicts(m1, 1);
      assertThat(m1.set(List.of("m2"), "hello").isComplete()).isTrue();
      assertThat(timed.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

      HttpResponse<String> r = get(endpoint, "GET");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
      String text = r.body();
      String tags = "namespace=\"meshage\",node=\"m1\"";
      assertThat(value(text, "meshage_data_sent_total{" + tags + "}")).isEqualTo(1.0);
      assertThat(value(text, "meshage_recipients_delivered_total{" + tags + "}")).isEqualTo(1.0);
      assertThat(value(text, "meshage_links_opened_total{" + tags + "}")).isEqualTo(1.0);
      assertThat(value(text, "meshage_command_calls_sent_total{" + tags + "}")).isEqualTo(0.0);
      assertThat(value(text, "meshage_mesh_size{" + tags + "}")).isEqualTo(2.0);
      assertThat(value(text, "meshage_neighbors{" + tags + "}")).isEqualTo(1.0);
      assertThat(value(text, "meshage_in_flight{" + tags + "}")).isEqualTo(0.0);
      assertThat(value(text, "meshage_degree{" + tags + "}")).isEqualTo(3.0);
      String delivered = "meshage_verdict_seconds_count{" + tags + ",outcome=\"delivered\"}";
      assertThat(value(text, delivered)).isEqualTo(1.0);
      double sum = value(text, "meshage_verdict_seconds_sum{" + tags + ",outcome=\"delivered\"}");
      assertThat(sum).isGreaterThan(0).isLessThan(10);
      assertThat(text).contains("meshage_verdict_seconds_bucket{");

      assertThat(get(endpoint, "POST").statusCode()).isEqualTo(405);
    }
  }

  @Test
  void closedMetricsStopTimingVerdicts() throws Exception {
    try (MeshNode m1 = start("c1"); MeshNode m2 = start("c2")) {
      io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
      MeshMetrics metrics = new MeshMetrics(m1);
      metrics.bindTo(registry);
      m1.dial("127.0.0.1:" + m2.listenAddress().getPort());
      awaitKnown(m1, "c2");
      java.util.concurrent.CountDownLatch timed = afterVerdicts(m1, 2);
      m1.set(List.of("c2"), "one");
      metrics.close();
      m1.set(List.of("c2"), "two");
      assertThat(timed.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(registry.get("meshage.verdict").tag("outcome", "delivered").timer().count()).isEqualTo(1);
      assertThat(registry.get("meshage.recipients.delivered").functionCounter().count()).isEqualTo(2.0);
    }
  }

  /**
   * Counts down after each verdict once the listeners registered before it (the metrics') ran:
   * the caller may see a verdict before its listeners have run.
   */
  private static java.util.concurrent.CountDownLatch afterVerdicts(MeshNode node, int n) {
    java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(n);
    node.onVerdict((d, e, nanos) -> latch.countDown());
    return latch;
  }

  private HttpResponse<String> get(PrometheusEndpoint endpoint, String method) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + endpoint.address().getPort() + "/metrics");
    HttpRequest req =
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).method(method, HttpRequest.BodyPublishers.noBody()).build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  /** The sample value on the line that starts with {@code series}. */
  private static double value(String text, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
    assertThat(m.find()).as("series %s in%n%s", series, text).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private static MeshNode start(String name) throws java.io.IOException {
    return MeshNode.start(
        MeshConfig.builder(name).bindAddress("127.0.0.1").discoveryPort(0).broadcastAddress("127.255.255.255").build());
  }

  /** Waits (bounded, on topology changes) until {@code node} knows {@code peer}. */
  private static void awaitKnown(MeshNode node, String peer) throws InterruptedException {
    java.util.concurrent.CountDownLatch known = new java.util.concurrent.CountDownLatch(1);
    try (var s = node.onTopologyChange(m -> {
      if (m.containsKey(peer)) {
        known.countDown();
      }
    })) {
      if (!node.mesh().containsKey(peer)) {
        assertThat(known.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("%s knows %s", node.name(), peer).isTrue();
      }
    }
  }
}
