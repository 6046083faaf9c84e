package io.meshage.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.MeshConfig;
import io.meshage.internal.NodeStats;
import io.meshage.internal.EventLoop;
import io.meshage.internal.NodeContext;
import io.meshage.internal.Published;
import io.meshage.internal.Snapshot;
import io.meshage.internal.codec.BodyCodec;
import io.meshage.routing.LinkStateDatabase;
import io.meshage.routing.Msa;
import io.meshage.routing.Part;
import io.meshage.routing.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How long a node gathers database changes before it recomputes its routes. */
@Timeout(30)
class RouteManagerTest {
  private static final long MS = 1_000_000L;

  /** A loop on a hand-driven clock: timers run when the test advances past them. */
  private static final class ManualLoop implements EventLoop {
    private record Timer(long due, Runnable task) {}

    private final List<Timer> timers = new ArrayList<>();
    private long now;

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void execute(Runnable task) {
      schedule(task, 0);
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
      Timer t = new Timer(now + delayNanos, task);
      timers.add(t);
      return () -> timers.remove(t);
    }

    /** Runs every timer due within {@code nanos}, in due order, and moves the clock on. */
    void advance(long nanos) {
      long end = now + nanos;
      while (true) {
        Timer next = null;
        for (Timer t : timers) {
          if (t.due() <= end && (next == null || t.due() < next.due())) {
            next = t;
          }
        }
        if (next == null) {
          break;
        }
        timers.remove(next);
        now = next.due();
        next.task().run();
      }
      now = end;
    }

    @Override
    public boolean inLoop() {
      return true;
    }

    @Override
    public boolean isVirtual() {
      return true;
    }

    @Override
    public void shutdown() {}
  }

  private final ManualLoop loop = new ManualLoop();
  private final List<Long> recomputedAt = new ArrayList<>();
  private LinkStateDatabase lsdb;
  private RouteManager routes;
  private int sequence = 0;

  /** Node n0 of a chain of {@code n} nodes (n0-n1-...), so the database holds n origins. */
  private void chain(int n) {
    MeshConfig config = MeshConfig.builder("n0").broadcastAddress("127.255.255.255").build();
    NodeContext node = new NodeContext(config, loop, new Random(1), Runnable::run, new BodyCodec(8, 1 << 20),
        new NodeStats(), 1);
    lsdb = new LinkStateDatabase("n0", 1);
    for (int i = 1; i < n; i++) {
      Set<String> nb = i + 1 < n ? Set.of("n" + (i - 1), "n" + (i + 1)) : Set.of("n" + (i - 1));
      lsdb.offer(new Msa("n" + i, 1, 1, nb, Map.of()), 0);
    }
    lsdb.originate(Set.of("n1"), Map.of(), 0);
    Published published = new Published(
        new Snapshot(Set.of(), Part.of(Topology.of(Map.of("n0", Set.of())), "n0"), 3, 10_000 * MS), lsdb.msas());
    routes = new RouteManager(node, lsdb, published);
    routes.listener(new RouteManager.Listener() {
      @Override
      public void unreachable(Set<String> lost) {}

      @Override
      public void recomputed(Part part, boolean partChanged) {
        recomputedAt.add(loop.nanoTime());
      }
    });
    routes.current();
    recomputedAt.clear();
  }

  /** One change to the last node's announcement, then the loop runs until the recomputation. */
  private long changeAndWait(int n) {
    long start = loop.nanoTime();
    sequence++;
    lsdb.offer(new Msa("n" + (n - 1), 1, 1 + sequence, Set.of("n" + (n - 2)), Map.of("v", "" + sequence)), 0);
    routes.markDirty();
    int before = recomputedAt.size();
    while (recomputedAt.size() == before) {
      loop.advance(MS);
    }
    return (recomputedAt.get(recomputedAt.size() - 1) - start) / MS;
  }

  @Test
  void aSmallMeshAlwaysRecomputesTenMillisecondsAfterAChange() {
    chain(50);
    for (int i = 0; i < 10; i++) {
      assertThat(changeAndWait(50)).as("change %d", i).isEqualTo(10);
    }
  }

  @Test
  void aLargeMeshRecomputesQuicklyForABurstThenWaitsLongerUntilItIsQuietAgain() {
    int n = 2_000; // the slow hold: 10 ms per 200 nodes, 110 ms
    chain(n);
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      waits.add(changeAndWait(n));
    }
    // the first computation (in chain) was the burst's first of four
    assertThat(waits.subList(0, 3)).as("the burst").containsOnly(10L);
    assertThat(waits.subList(3, 8)).as("sustained changes").containsOnly(110L);
    loop.advance(4 * 110 * MS);
    assertThat(changeAndWait(n)).as("after a quiet while").isEqualTo(10);
  }

  @Test
  void theSlowHoldStopsAtHalfASecond() {
    int n = 12_000;
    chain(n);
    for (int i = 0; i < 6; i++) {
      changeAndWait(n);
    }
    assertThat(changeAndWait(n)).isEqualTo(500);
  }
}
