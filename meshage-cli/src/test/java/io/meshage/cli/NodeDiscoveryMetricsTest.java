package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code meshage node} processes without broadcast ({@code --discovery-port 0}) find each
 * other through {@code --discovery jgroups:FILE.xml} (FILE_PING on loopback), and the first serves
 * {@code --metrics-port} that a scrape reads.
 */
class NodeDiscoveryMetricsTest {
  private static final Duration STEP = Duration.ofSeconds(15);

  @Test
  @Timeout(value = 40, unit = TimeUnit.SECONDS)
  void jgroupsDiscoveryAndPrometheusEndpoint(@TempDir Path dir) throws Exception {
    Path ping = Files.createDirectory(dir.resolve("ping"));
    Path stack =
        Files.writeString(
            dir.resolve("jgroups.xml"),
            "<config xmlns=\"urn:org:jgroups\">\n"
                + "  <TCP bind_addr=\"127.0.0.1\" bind_port=\"0\" diag.enabled=\"false\"/>\n"
                + "  <FILE_PING location=\"" + ping + "\"/>\n"
                + "  <MERGE3 min_interval=\"500ms\" max_interval=\"1s\"/>\n"
                + "  <pbcast.NAKACK2 use_mcast_xmit=\"false\"/>\n"
                + "  <UNICAST3/>\n"
                + "  <pbcast.STABLE/>\n"
                + "  <pbcast.GMS join_timeout=\"500ms\" print_local_addr=\"false\"/>\n"
                + "</config>\n");
    String namespace = "j" + UUID.randomUUID().toString().substring(0, 8);
    List<NodeProcess> nodes = new ArrayList<>();
    try {
      for (int i = 1; i <= 2; i++) {
        List<String> args =
            new ArrayList<>(List.of(
                "node", "--name", "n" + i, "--namespace", namespace, "--port", "0", "--discovery-port", "0",
                "--bind", LocalNodes.LOOPBACK, "--discovery", "jgroups:" + stack));
        if (i == 1) {
          args.addAll(List.of("--metrics-port", "0"));
        }
        nodes.add(NodeProcess.start("n" + i, dir, args.toArray(String[]::new)));
      }
      NodeProcess n1 = nodes.get(0);
      assertThat(n1.await(l -> l.startsWith("node "), STEP)).contains("listening 127.0.0.1:");
      String metrics = n1.await(l -> l.startsWith("metrics "), STEP);
      assertThat(metrics).matches("metrics http://127\\.0\\.0\\.1:\\d+/metrics");
      List<String> waited = n1.ask("mesh wait 2 " + STEP.toSeconds(), STEP.plusSeconds(5));
      assertThat(waited).containsExactly("mesh size 2");

      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(metrics.substring("metrics ".length())))
                  .timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      String tags = "namespace=\"" + namespace + "\",node=\"n1\"";
      assertThat(r.body())
          .contains("meshage_mesh_size{" + tags + "} 2.0")
          .contains("meshage_neighbors{" + tags + "} 1.0")
          .contains("meshage_links_opened_total{" + tags + "}");
    } catch (AssertionError e) {
      for (int i = 1; i <= 2; i++) {
        Path err = dir.resolve("n" + i + ".err");
        if (Files.exists(err)) {
          System.err.println("--- n" + i + " stderr:\n" + Files.readString(err));
        }
      }
      throw e;
    } finally {
      nodes.forEach(NodeProcess::close);
    }
  }
}
