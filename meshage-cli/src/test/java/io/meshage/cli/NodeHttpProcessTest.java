package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * {@code meshage node --http 127.0.0.1:0} as a process, with a second node process: it prints
 * its {@code http} line, serves {@code /api/mesh} as JSON with both nodes, and its page shows one
 * element per node in headless Chromium, the second one gone within 2 s of it quitting.
 */
class NodeHttpProcessTest {
  private static final Duration STEP = Duration.ofSeconds(20);

  @TempDir Path dir;

  private NodeProcess node(String name, int discovery, String... more) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("node", "--name", name, "--namespace", namespace,
        "--bind", LocalNodes.LOOPBACK, "--broadcast", LocalNodes.LOOPBACK_BROADCAST,
        "--discovery-port", Integer.toString(discovery)));
    args.addAll(List.of(more));
    return NodeProcess.start(name, dir, args.toArray(String[]::new));
  }

  private final String namespace = "h" + UUID.randomUUID().toString().substring(0, 8);

  /** Starts n1 with --http and n2; returns the page's URL once both see a mesh of two. */
  private String startPair(NodeProcess[] nodes) throws Exception {
    int discovery = LocalNodes.freeUdpPort();
    nodes[0] = node("n1", discovery, "--http", "127.0.0.1:0");
    nodes[1] = node("n2", discovery);
    String http = nodes[0].await(l -> l.startsWith("http "), STEP);
    assertThat(http).matches("http http://127\\.0\\.0\\.1:\\d+/");
    assertThat(nodes[0].ask("mesh wait 2 " + STEP.toSeconds(), STEP.plusSeconds(5))).containsExactly("mesh size 2");
    return http.substring("http ".length());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void servesApiMeshAsJson() throws Exception {
    NodeProcess[] nodes = new NodeProcess[2];
    try {
      String url = startPair(nodes);
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(url + "api/mesh")).timeout(STEP).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type")).contains("application/json");
      assertThat(r.body()).startsWith("{\"self\":\"n1\",\"namespace\":\"" + namespace + "\"")
          .contains("\"size\":2").contains("{\"name\":\"n1\",\"self\":true").contains("{\"name\":\"n2\",\"self\":false")
          .contains("\"links\":[[\"n1\",\"n2\"]]");
      HttpResponse<String> counters = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(url + "api/counters/n2")).timeout(STEP).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(counters.body()).as("n2's counters, asked through mesh send")
          .startsWith("{\"node\":\"n2\",\"counters\":{").contains("\"links_opened\":");
      HttpResponse<String> unknown = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(url + "api/counters/n9")).timeout(STEP).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(unknown.body()).isEqualTo("{\"node\":\"n9\",\"error\":\"no node n9 in the mesh\"}");
    } catch (AssertionError e) {
      printErrors();
      throw e;
    } finally {
      closeAll(nodes);
    }
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void chromiumShowsOneElementPerNodeAndDropsOneThatQuits() throws Exception {
    assumeTrue(Files.isExecutable(LivePageBrowserTest.CHROMIUM) && Files.isExecutable(LivePageBrowserTest.CHROMEDRIVER),
        "needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)");
    NodeProcess[] nodes = new NodeProcess[2];
    ChromeDriver browser = null;
    try {
      String url = startPair(nodes);
      browser = LivePageBrowserTest.chromium();
      browser.get(url);
      ChromeDriver b = browser;
      assertThat(LivePageBrowserTest.within(STEP, () -> b.findElements(By.cssSelector("#nodes g.node")).size() == 2))
          .as("one element per node").isTrue();
      b.findElement(By.cssSelector("#nodes g.node[data-node='n2'] circle")).click();
      assertThat(LivePageBrowserTest.within(STEP, () -> b.findElement(By.id("panel-fields")).getText().contains("links_opened")))
          .as("n2's counters in its panel after a click").isTrue();
      nodes[1].send("quit");
      nodes[1].await(l -> l.equals("node n2 closed"), STEP);
      assertThat(LivePageBrowserTest.within(Duration.ofSeconds(2),
          () -> b.findElements(By.cssSelector("#nodes g.node[data-node='n2']")).isEmpty()))
          .as("n2 gone from the page within 2 s of closing").isTrue();
      assertThat(browser.findElements(By.cssSelector("#events li.left"))).isNotEmpty();
    } catch (AssertionError e) {
      printErrors();
      throw e;
    } finally {
      if (browser != null) {
        browser.quit();
      }
      closeAll(nodes);
    }
  }

  private void printErrors() throws Exception {
    for (String n : List.of("n1", "n2")) {
      Path err = dir.resolve(n + ".err");
      if (Files.exists(err)) {
        System.err.println("--- " + n + " stderr:\n" + Files.readString(err));
      }
    }
  }

  private static void closeAll(NodeProcess[] nodes) {
    for (NodeProcess p : nodes) {
      if (p != null) {
        p.close();
      }
    }
  }
}
