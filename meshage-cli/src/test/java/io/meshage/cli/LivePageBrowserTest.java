package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meshage.MeshNode;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The live page in a real browser: Debian's headless Chromium, driven through its chromedriver by
 * Selenium, loads the page of a six-node mesh without console errors, draws one element per
 * node, and drops a node that closes within 2 s. Skipped (with the reason) where {@code
 * /usr/bin/chromium} or {@code /usr/bin/chromedriver} is missing; {@code .ci/run} installs them.
 * With {@code -Dmeshage.screenshot=FILE} it saves a picture of the page (the README's).
 */
class LivePageBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final int NODES = 6;
  private static final Duration STEP = Duration.ofSeconds(15);

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void showsEveryNodeAndDropsAClosedOneWithinTwoSeconds() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver): "
            + "apt-get install chromium chromium-driver");
    int discovery = LocalNodes.freeUdpPort();
    List<MeshNode> nodes = new ArrayList<>();
    ChromeDriver browser = null;
    try {
      for (int i = 1; i <= NODES; i++) {
        nodes.add(LocalNodes.start(LocalNodes.config("n" + i, discovery).degree(2)));
        nodes.get(i - 1).setTag("role", i % 3 == 0 ? "db" : i % 3 == 1 ? "web" : "cache");
      }
      assertThat(LocalNodes.eventually(nodes, () -> nodes.stream().allMatch(n -> n.mesh().size() == NODES), STEP))
          .isTrue();
      try (LiveServer live = LiveServer.start(nodes.get(0), new InetSocketAddress(LocalNodes.LOOPBACK, 0), nodes)) {
        browser = chromium();
        browser.get(live.url());
        ChromeDriver b = browser;
        assertThat(within(STEP, () -> b.findElements(By.cssSelector("#nodes g.node")).size() == NODES))
            .as("one element per node").isTrue();
        assertThat(within(STEP, () -> b.findElements(By.cssSelector("#links line")).size()
            == links(nodes.get(0).mesh()))).as("one line per link").isTrue();
        assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("live");
        assertThat(browser.findElement(By.id("panel-title")).getText()).isEqualTo("n1 (this node)");
        nodes.get(1).setTag("zone", "b");
        assertThat(within(STEP, () -> b.findElements(By.cssSelector("#events li.updated")).stream()
            .anyMatch(e -> e.getText().contains("updated n2")))).as("the UPDATED event of n2 listed").isTrue();
        for (int i = 0; i < 30; i++) {
          nodes.get(0).set(List.of("n" + (2 + i % (NODES - 1))), "hello " + i);
        }
        assertThat(within(STEP, () -> b.findElement(By.id("verdict-total")).getText().startsWith("(30 sends")))
            .as("the 30 verdicts in the histogram").isTrue();
        browser.findElement(By.cssSelector("#colour-by option[value='tag:role']")).click();
        assertThat(browser.findElement(By.id("legend")).getText()).contains("role=web");
        screenshot(browser);

        long closed = System.nanoTime();
        nodes.remove(NODES - 1).close();
        String last = "n" + NODES;
        assertThat(within(Duration.ofSeconds(2), () -> b.findElements(By.cssSelector("#nodes g.node")).size() == NODES - 1
            && b.findElements(By.cssSelector("#nodes g.node[data-node='" + last + "']")).isEmpty()))
            .as(last + " gone from the page within 2 s of closing").isTrue();
        System.out.printf("LivePageBrowserTest: " + last + " left the page %.0f ms after it closed%n",
            (System.nanoTime() - closed) / 1e6);

        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).collect(Collectors.toList());
        assertThat(errors).as("console errors").isEmpty();
      }
    } finally {
      if (browser != null) {
        browser.quit();
      }
      nodes.forEach(MeshNode::close);
    }
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void replaysASimulatedRunOnItsTimeSlider(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)");
    Path report = ReplayReportTest.ringReport(dir);
    ChromeDriver browser = chromium();
    try {
      browser.get(report.toUri().toString());
      assertThat(browser.findElements(By.cssSelector("#nodes g.node"))).hasSize(4);
      assertThat(browser.findElement(By.id("state")).getText()).as("opens once the ring formed")
          .startsWith("4 live nodes in 1 component");
      browser.executeScript("jump(0)");
      assertThat(browser.findElements(By.cssSelector("#links line"))).as("nothing dialed at t=0").isEmpty();
      browser.executeScript("jump(0.5)");
      assertThat(browser.findElements(By.cssSelector("#links line"))).as("the ring at 0.5 s").hasSize(4);
      browser.executeScript("const s = document.getElementById('slider'); s.value = s.max;"
          + " s.dispatchEvent(new Event('input'));");
      assertThat(browser.findElements(By.cssSelector("#links line"))).as("n2 crashed: two links left").hasSize(2);
      assertThat(browser.findElement(By.id("state")).getText()).startsWith("3 live nodes in 1 component");
      assertThat(browser.findElements(By.cssSelector("#events tr"))).hasSizeGreaterThanOrEqualTo(3);
      assertThat(browser.findElement(By.id("verdicts")).getText()).contains("delivered");
      browser.get(report.toUri() + "#t=1.5");
      browser.navigate().refresh();
      assertThat(browser.findElement(By.id("state")).getText()).as("#t=1.5 opens after the crash")
          .startsWith("3 live nodes in 1 component");
      List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
          .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).collect(Collectors.toList());
      assertThat(errors).as("console errors").isEmpty();
    } finally {
      browser.quit();
    }
  }

  /** Headless Chromium that reaches loopback only (everything else goes to a proxy that is not there). */
  static ChromeDriver chromium() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1400,900", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps",
        "--proxy-server=http://127.0.0.1:9", "--user-data-dir=" + tempProfile());
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
        .usingAnyFreePort()
        .build();
    return new ChromeDriver(service, options);
  }

  private static String tempProfile() {
    try {
      Path dir = Files.createTempDirectory("meshage-chromium-");
      dir.toFile().deleteOnExit();
      return dir.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void screenshot(ChromeDriver browser) throws Exception {
    String target = System.getProperty("meshage.screenshot");
    if (target != null) {
      Files.write(Path.of(target), browser.getScreenshotAs(OutputType.BYTES));
    }
  }

  /** The number of two-way links in {@code mesh}. */
  private static int links(Map<String, java.util.Set<String>> mesh) {
    return mesh.values().stream().mapToInt(java.util.Set::size).sum() / 2;
  }

  /** Re-checks {@code condition} every 20 ms until it holds or {@code max} passes (the page changes on its own). */
  static boolean within(Duration max, BooleanSupplier condition) {
    long deadline = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
    }
    return true;
  }
}
