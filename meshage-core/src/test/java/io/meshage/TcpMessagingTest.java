package io.meshage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.internal.facade.Freezing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** set and broadcast over real sockets on loopback. */
@Timeout(60)
class TcpMessagingTest {
  public static final class Point {
    public int x;
    public String label;
  }

  @Test
  void chainOfTenDeliversEndToEndAndBroadcastsFromTheMiddle() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      List<MeshNode> chain = new ArrayList<>();
      Set<String> names = new TreeSet<>();
      for (int i = 0; i < 10; i++) {
        MeshNode n = mesh.start("c" + i, 0);
        n.registerType(Point.class);
        chain.add(n);
        names.add(n.name());
      }
      for (int i = 0; i + 1 < chain.size(); i++) {
        chain.get(i).dial("127.0.0.1:" + chain.get(i + 1).listenAddress().getPort());
      }
      assertThat(mesh.await(() -> LoopbackMesh.agree(chain, names), Duration.ofSeconds(10))).isTrue();

      ConcurrentHashMap<String, List<Message>> got = new ConcurrentHashMap<>();
      CountDownLatch arrivals = new CountDownLatch(1 + 9 + 1);
      for (MeshNode n : chain) {
        List<Message> l = new CopyOnWriteArrayList<>();
        got.put(n.name(), l);
        n.onMessage(m -> {
          l.add(m);
          arrivals.countDown();
        });
      }
      List<String> snooped = new CopyOnWriteArrayList<>();
      chain.get(5).snoop(m -> snooped.add(m.source() + ":" + m.body()));

      Delivery d = chain.get(0).set(List.of("c9"), "end to end");
      assertThat(d.delivered()).containsExactly("c9");
      assertThat(d.isComplete()).isTrue();

      Delivery b = chain.get(5).broadcast("from the middle");
      assertThat(b.delivered()).isEqualTo(chain.get(5).broadcastRecipients()).hasSize(9);

      Point p = new Point();
      p.x = 7;
      p.label = "kryo";
      Delivery k = chain.get(9).set(List.of("c0"), p);
      assertThat(k.isComplete()).isTrue();
      assertThat(arrivals.await(10, TimeUnit.SECONDS)).isTrue();

      // c9 ACKs on arrival and its handlers may run in either order: find the message by body
      Message end = got.get("c9").stream().filter(m -> "end to end".equals(m.body())).findFirst().orElseThrow();
      assertThat(end.route()).containsExactly("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9");
      assertThat(got.get("c0")).extracting(Message::body).filteredOn(o -> o instanceof Point)
          .singleElement().extracting(o -> ((Point) o).label).isEqualTo("kryo");
      assertThat(snooped).contains("c0:end to end");
      for (MeshNode n : chain) {
        if (n != chain.get(5)) {
          assertThat(got.get(n.name())).extracting(Message::body).contains("from the middle");
        }
      }
    }
  }

  @Test
  void backpressureFailsAsyncSendsAndMakesSyncSendsWait() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      MeshNode a = mesh.start(mesh.config("bp-a").degree(0).maxInFlight(16));
      MeshNode b = mesh.start("bp-b", 0);
      a.dial("127.0.0.1:" + b.listenAddress().getPort());
      assertThat(mesh.await(() -> a.mesh().size() == 2, Duration.ofSeconds(5))).isTrue();
      CountDownLatch release = new CountDownLatch(1);
      Freezing.freeze(b, release);
      List<CompletableFuture<Delivery>> sent = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        sent.add(a.setAsync(List.of("bp-b"), "x"));
      }
      long refused = sent.stream().filter(CompletableFuture::isCompletedExceptionally).count();
      assertThat(refused).isEqualTo(24);
      assertThatThrownBy(() -> sent.get(39).join()).hasCauseInstanceOf(MeshException.class)
          .hasMessageContaining("maxInFlight");
      CompletableFuture<Delivery> waiting = CompletableFuture.supplyAsync(() -> a.set(List.of("bp-b"), "y"));
      release.countDown();
      assertThat(waiting.get(20, TimeUnit.SECONDS).isComplete()).isTrue();
      for (CompletableFuture<Delivery> f : sent.subList(0, 16)) {
        assertThat(f.get(20, TimeUnit.SECONDS).isComplete()).isTrue();
      }
    }
  }

  /** Bodies far longer than the reader's buffer arrive whole, between small ones. */
  @Test
  void bodiesLongerThanTheReadBufferArriveWhole() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      MeshNode a = mesh.start("big-a", 0);
      MeshNode b = mesh.start("big-b", 0);
      a.dial("127.0.0.1:" + b.listenAddress().getPort());
      assertThat(mesh.await(() -> a.mesh().size() == 2, Duration.ofSeconds(5))).isTrue();
      Map<Integer, byte[]> got = new ConcurrentHashMap<>();
      b.onMessage(m -> got.put(((byte[]) m.body()).length, (byte[]) m.body()));
      java.util.Random random = new java.util.Random(7);
      List<byte[]> sent = new ArrayList<>();
      List<CompletableFuture<Delivery>> verdicts = new ArrayList<>();
      for (int size : new int[] {10, 200_000, 3, 1 << 20, 65_536, 65_531, 100, (1 << 20) - 1}) {
        byte[] body = new byte[size];
        random.nextBytes(body);
        sent.add(body);
        verdicts.add(a.setAsync(List.of("big-b"), body));
      }
      for (CompletableFuture<Delivery> f : verdicts) {
        assertThat(f.get(20, TimeUnit.SECONDS).isComplete()).isTrue();
      }
      assertThat(mesh.await(() -> got.size() == sent.size(), Duration.ofSeconds(10))).isTrue();
      for (byte[] body : sent) {
        assertThat(got.get(body.length)).as("body of %d bytes", body.length).isEqualTo(body);
      }
    }
  }

  @Test
  void anUndecodableBodyIsRejectedNotDelivered() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      MeshNode a = mesh.start("rj-a", 0);
      MeshNode b = mesh.start("rj-b", 0);
      a.registerType(Point.class);
      a.dial("127.0.0.1:" + b.listenAddress().getPort());
      assertThat(mesh.await(() -> a.mesh().size() == 2, Duration.ofSeconds(5))).isTrue();
      List<Message> got = new CopyOnWriteArrayList<>();
      b.onMessage(got::add);
      Delivery d = a.set(List.of("rj-b"), new Point());
      assertThat(d.failed()).containsEntry("rj-b", Failure.REJECTED);
      assertThat(a.set(List.of("rj-b"), "still fine").isComplete()).isTrue();
      assertThat(mesh.await(() -> got.size() == 1, Duration.ofSeconds(5))).isTrue();
      assertThat(got.get(0).body()).isEqualTo("still fine");
    }
  }

  @Test
  void clearErrorsAndThrowingHandlersDoNotStopDelivery() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      MeshNode a = mesh.start("e-a", 0);
      MeshNode b = mesh.start("e-b", 0);
      a.dial("127.0.0.1:" + b.listenAddress().getPort());
      assertThat(mesh.await(() -> a.mesh().size() == 2, Duration.ofSeconds(5))).isTrue();
      assertThatThrownBy(() -> a.set(List.of(), "x")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at least one");
      assertThatThrownBy(() -> a.set(List.of("e-a"), "x")).hasMessageContaining("itself");
      // Issue 30: an unknown name gets its own verdict; the others are sent to.
      Delivery mixed = a.set(List.of("e-b", "nobody"), "x");
      assertThat(mixed.delivered()).containsExactly("e-b");
      assertThat(mixed.failed()).isEqualTo(java.util.Map.of("nobody", Failure.UNREACHABLE));
      assertThatThrownBy(() -> a.set(List.of("e-b"), new Object()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("register");

      CountDownLatch second = new CountDownLatch(2);
      // "x" above reached b before any handler: held, it goes to the first handler registered
      b.onMessage(m -> {
        if (!"boom".equals(m.body())) {
          return;
        }
        second.countDown();
        throw new IllegalStateException("handler bug");
      });
      b.onMessage(m -> {
        if ("boom".equals(m.body())) {
          second.countDown();
        }
      });
      assertThat(a.set(List.of("e-b"), "boom").isComplete()).isTrue();
      assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(mesh.await(() -> b.stats().get(Counter.HANDLER_ERRORS) == 1, Duration.ofSeconds(5))).isTrue();

      List<CompletableFuture<Delivery>> many = new ArrayList<>();
      for (int i = 0; i < 5000; i++) {
        many.add(a.setAsync(List.of("e-b"), new byte[100]));
      }
      CompletableFuture.allOf(many.toArray(CompletableFuture<?>[]::new)).get(20, TimeUnit.SECONDS);
      for (CompletableFuture<Delivery> f : many) {
        assertThat(f.get(1, TimeUnit.SECONDS).isComplete()).isTrue();
      }
      b.close();
      // until a has read b's BYE, a send may still leave on the link and end UNCONFIRMED
      assertThat(mesh.await(() -> !a.mesh().containsKey("e-b"), Duration.ofSeconds(5))).isTrue();
      Delivery gone = a.set(List.of("e-b"), "anyone?");
      assertThat(gone.delivered()).isEmpty();
      assertThat(gone.failed()).isEqualTo(java.util.Map.of("e-b", Failure.UNREACHABLE));
    }
  }
}
