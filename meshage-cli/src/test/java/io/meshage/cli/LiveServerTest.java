package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.MeshNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The live page's server on loopback: {@code /api/mesh} is the mesh as JSON, {@code /api/events}
 * pushes a mesh without a node that closed, slow event-stream clients are dropped, and requests
 * from other origins or of other methods are refused.
 */
class LiveServerTest {
  private static final Duration STEP = Duration.ofSeconds(10);

  @Test
  @Timeout(value = 40, unit = TimeUnit.SECONDS)
  void servesTheMeshAndPushesItsChanges() throws Exception {
    int discovery = LocalNodes.freeUdpPort();
    List<MeshNode> nodes = new ArrayList<>();
    try {
      for (int i = 1; i <= 3; i++) {
        nodes.add(LocalNodes.start(LocalNodes.config("n" + i, discovery).degree(2)));
      }
      nodes.get(1).setTag("role", "db");
      assertThat(LocalNodes.eventually(nodes, () -> nodes.stream().allMatch(n -> n.mesh().size() == 3), STEP)).isTrue();
      try (LiveServer live = LiveServer.start(nodes.get(0), new InetSocketAddress(LocalNodes.LOOPBACK, 0), nodes)) {
        assertThat(live.line()).matches("http http://127\\.0\\.0\\.1:\\d+/");
        HttpClient http = HttpClient.newBuilder().connectTimeout(STEP).build();
        HttpResponse<String> mesh = http.send(
            HttpRequest.newBuilder(URI.create(live.url() + "api/mesh")).timeout(STEP).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(mesh.statusCode()).isEqualTo(200);
        assertThat(mesh.headers().firstValue("content-type")).contains("application/json");
        assertThat(mesh.body())
            .startsWith("{\"self\":\"n1\",\"namespace\":\"test\"")
            .contains("\"size\":3")
            .contains("{\"name\":\"n2\",\"self\":false,\"address\":\"127.0.0.1:")
            .contains("\"tags\":{\"role\":\"db\"}")
            .contains("\"counters\":{");
        HttpResponse<String> page = http.send(
            HttpRequest.newBuilder(URI.create(live.url())).timeout(STEP).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("<script src=\"live.js\">");

        try (Socket s = new Socket(LocalNodes.LOOPBACK, live.address().getPort())) {
          s.setSoTimeout((int) STEP.toMillis());
          s.getOutputStream().write("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
          assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
          assertThat(nextData(in, "mesh")).contains("\"size\":3");
          long closed = System.nanoTime();
          nodes.remove(2).close();
          String without;
          do {
            without = nextData(in, "mesh");
          } while (without.contains("\"name\":\"n3\""));
          assertThat(System.nanoTime() - closed).isLessThan(TimeUnit.SECONDS.toNanos(2));
          assertThat(without).contains("\"size\":2");
        }
      }
    } finally {
      nodes.forEach(MeshNode::close);
    }
  }

  /** The data line of the next event named {@code event}. */
  private static String nextData(BufferedReader in, String event) throws Exception {
    String line;
    boolean wanted = false;
    while ((line = in.readLine()) != null) {
      if (line.startsWith("event: ")) {
        wanted = line.equals("event: " + event);
      } else if (wanted && line.startsWith("data: ")) {
        return line.substring(6);
      }
    }
    throw new AssertionError("stream ended before a " + event + " event");
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void refusesOtherOriginsMethodsAndPaths() throws Exception {
    MeshNode node = LocalNodes.start(LocalNodes.config("n1", 0));
    try (LiveServer live = LiveServer.start(node, new InetSocketAddress(LocalNodes.LOOPBACK, 0), List.of(node))) {
      int port = live.address().getPort();
      assertThat(raw(port, "GET /api/mesh HTTP/1.1\r\nHost: attacker.example\r\n\r\n")).startsWith("HTTP/1.1 403");
      assertThat(raw(port, "POST /api/mesh HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")).startsWith("HTTP/1.1 405");
      assertThat(raw(port, "GET /../../etc/passwd HTTP/1.1\r\nHost: localhost\r\n\r\n")).startsWith("HTTP/1.1 404");
      assertThat(raw(port, "GET / HTTP/1.1\r\nHost: localhost\r\nX: " + "a".repeat(9000) + "\r\n\r\n"))
          .startsWith("HTTP/1.1 431");
      assertThat(raw(port, "GET /live.js HTTP/1.1\r\nHost: localhost:" + port + "\r\n\r\n"))
          .startsWith("HTTP/1.1 200").contains("text/javascript");
    } finally {
      node.close();
    }
  }

  private static String raw(int port, String request) throws Exception {
    try (Socket s = new Socket(LocalNodes.LOOPBACK, port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (java.net.SocketException reset) {
      return "reset: " + reset.getMessage();
    }
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aClientThatStopsReadingIsDroppedAndItsQueueBounded() {
    LiveEvents events = new LiveEvents("n1");
    AtomicInteger disconnected = new AtomicInteger();
    LiveEvents.Client slow = events.connect("slow", disconnected::incrementAndGet);
    for (int i = 0; i < LiveEvents.QUEUE; i++) {
      events.publish("stats", "{\"i\":" + i + "}", false);
    }
    assertThat(slow.dropped()).isFalse();
    events.publish("stats", "{}", false);
    assertThat(slow.dropped()).isTrue();
    assertThat(disconnected).hasValue(1);
    assertThat(events.clients()).isZero();
    assertThat(events.dropped()).isEqualTo(1);
    for (int i = 0; i < LiveEvents.MAX_CLIENTS; i++) {
      assertThat(events.connect("c" + i, () -> {})).isNotNull();
    }
    assertThat(events.connect("one too many", () -> {})).isNull();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aStalledBrowserIsCutOffOverTheSocket() throws Exception {
    LiveEvents events = new LiveEvents("n1");
    LiveHttp.Site site = new LiveHttp.Site() {
      @Override
      public LiveHttp.Page page(String path) {
        return null;
      }

      @Override
      public String greeting() {
        return "";
      }
    };
    try (LiveHttp http = new LiveHttp("n1", new InetSocketAddress(LocalNodes.LOOPBACK, 0), site, events);
        Socket s = new Socket()) {
      s.setReceiveBufferSize(4096);
      s.connect(http.address());
      s.getOutputStream().write("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (events.clients() == 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(events.clients()).isEqualTo(1);
      String frame = "y".repeat(64 * 1024);
      // never read: the socket buffers fill, then the queue; publishing never blocks meanwhile
      for (int i = 0; i < 2000 && events.dropped() == 0; i++) {
        events.publish("stats", frame, false);
      }
      assertThat(events.dropped()).isEqualTo(1);
      assertThat(events.clients()).isZero();
      // the server closed its end: reading what was sent ends in end-of-stream or a reset
      s.setSoTimeout(10_000);
      java.io.InputStream in = s.getInputStream();
      byte[] buffer = new byte[1 << 16];
      try {
        while (in.read(buffer) >= 0) {
          // drain
        }
      } catch (java.net.SocketException reset) {
        // also fine: the connection was closed with data unread
      }
    }
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void bigFramesAreBoundedByCharactersToo() throws Exception {
    LiveEvents events = new LiveEvents("n1");
    AtomicInteger disconnected = new AtomicInteger();
    LiveEvents.Client slow = events.connect("slow", disconnected::incrementAndGet);
    String big = "x".repeat(600_000);
    for (int i = 0; i < 3; i++) {
      events.publish("mesh", big, false);
    }
    assertThat(slow.dropped()).isFalse();
    assertThat(slow.next(0)).hasSize(LiveEvents.frame("mesh", big).length());  // reading frees room
    events.publish("mesh", big, false);
    events.publish("mesh", big, false);
    assertThat(slow.dropped()).as("4 x 600k characters > 2 Mi").isTrue();
    assertThat(disconnected).hasValue(1);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void countersOfAnotherNodeAreReadFromItsStatusAnswer() {
    assertThat(LiveCounters.parse("n2", "n2: counters: acks_received=3 bytes_in=120 odd=x"))
        .containsExactly(java.util.Map.entry("acks_received", 3L), java.util.Map.entry("bytes_in", 120L));
    assertThat(LiveCounters.parse("n2", "n2: {\"name\":\"n2\",\"counters\":{\"dials\":2,\"frames_in\":9}}"))
        .containsExactly(java.util.Map.entry("dials", 2L), java.util.Map.entry("frames_in", 9L));
    assertThat(LiveCounters.parse("n2", "n2: status: online")).isNull();
    assertThat(LiveCounters.parse("n2", "n3: counters: dials=1")).isNull();
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void httpOptionIsLoopbackUnlessAllowedOnAKeyedNode() {
    assertThat(HttpOption.parse("8080", false, false)).isEqualTo(new InetSocketAddress("127.0.0.1", 8080));
    assertThat(HttpOption.parse("127.0.0.2:0", false, false).getAddress().getHostAddress()).isEqualTo("127.0.0.2");
    assertThat(HttpOption.parse("[::1]:80", false, false).getAddress().isLoopbackAddress()).isTrue();
    assertThat(HttpOption.parse("0.0.0.0:80", true, true).getAddress().isAnyLocalAddress()).isTrue();
    assertThatThrownBy(() -> HttpOption.parse("0.0.0.0:80", false, true))
        .hasMessageContaining("not a loopback address").hasMessageContaining("--http-allow-remote");
    assertThatThrownBy(() -> HttpOption.parse("0.0.0.0:80", true, false))
        .hasMessageStartingWith("--http-allow-remote needs a namespace key (--key-file)");
    assertThatThrownBy(() -> HttpOption.parse("127.0.0.1:99999", false, false)).hasMessageContaining("[ADDR:]PORT");
    assertThatThrownBy(() -> HttpOption.parse("x", false, false)).hasMessageContaining("[ADDR:]PORT");
  }
}
