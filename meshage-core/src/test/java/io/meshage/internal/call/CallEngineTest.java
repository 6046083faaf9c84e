package io.meshage.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.HandlerMode;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.Seeds;
import io.meshage.sim.SimCores;
import io.meshage.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The call engine on virtual time, with a call kind of its own (strings in the slots): a slot
 * per target filled once, early completion, the timeout, lost targets and re-sends on a
 * topology change, aliases, closing, request dedup and where handlers run.
 */
@Timeout(30)
class CallEngineTest {
  private static final long MS = 1_000_000L;

  private final Simulation sim = new Simulation(Seeds.seed("CallEngineTest"));
  private final MeshNode node = sim.addNode(MeshConfig.builder("v").degree(0).discoveryPort(0).build());
  private final List<CallEngine.Event> events = new CopyOnWriteArrayList<>();
  private final List<Runnable> pooled = new ArrayList<>();
  private final CallEngine engine =
      new CallEngine("v", SimCores.core(sim, node.name()).loop(), pooled::add, 0, events::add);

  /** Completes when {@code wanted} slots say "ok", or every slot is filled. */
  private final class TestCall extends Call<String> {
    final int wanted;
    int ok;
    final List<List<String>> done = new ArrayList<>();
    final List<List<String>> resent = new ArrayList<>();

    TestCall(List<String> targets, int wanted) {
      super(engine, targets);
      this.wanted = wanted;
    }

    @Override
    protected boolean enough(String r) {
      ok += r.equals("ok") ? 1 : 0;
      return wanted > 0 && ok >= wanted;
    }

    @Override
    protected String notWaitedFor(String target) {
      return "pending";
    }

    @Override
    protected String timedOut(String target) {
      return "timeout";
    }

    @Override
    protected String left(String target) {
      return "left";
    }

    @Override
    protected String closed(String target, String why) {
      return "closed: " + why;
    }

    @Override
    protected boolean resendsOnTopologyChange() {
      return true;
    }

    @Override
    protected void resend(List<String> waiting) {
      resent.add(waiting);
    }

    @Override
    protected void completed(List<String> results) {
      done.add(results);
    }
  }

  @Test
  void eachSlotIsFilledOnceAndTheCallCompletesOnce() {
    TestCall c = new TestCall(List.of("a", "b", "c"), 0);
    engine.open(c, 100 * MS);
    assertThat(engine.find(c.id())).isSameAs(c);
    assertThat(c.settle("b", "ok")).isTrue();
    assertThat(c.settle("b", "again")).isFalse();
    assertThat(c.settle("stranger", "ok")).isFalse();
    assertThat(c.settle("a", "error")).isTrue();
    assertThat(c.done).isEmpty();
    assertThat(c.settle("c", "ok")).isTrue();
    assertThat(c.done).containsExactly(List.of("error", "ok", "ok"));
    assertThat(engine.find(c.id())).isNull();
    sim.runFor(Duration.ofMillis(200)); // the cancelled timer fills nothing
    assertThat(c.done).hasSize(1);
    assertThat(engine.pending()).isZero();
  }

  @Test
  void earlyCompletionTimeoutAndClose() {
    TestCall first = new TestCall(List.of("a", "b", "c"), 1);
    engine.open(first, 100 * MS);
    first.settle("c", "error");
    first.settle("b", "ok");
    assertThat(first.done).containsExactly(List.of("pending", "ok", "error"));

    TestCall slow = new TestCall(List.of("a", "b"), 0);
    engine.open(slow, 10 * MS);
    slow.settle("a", "ok");
    sim.runFor(Duration.ofMillis(20));
    assertThat(slow.done).containsExactly(List.of("ok", "timeout"));

    TestCall open = new TestCall(List.of("a"), 0);
    engine.open(open, 100 * MS);
    engine.close("node v closed");
    assertThat(engine.isClosed()).isTrue();
    assertThat(open.done).containsExactly(List.of("closed: node v closed"));
    assertThat(engine.pending()).isZero();
  }

  @Test
  void aTopologyChangeSettlesLostTargetsAndResendsToTheRestButNotToSelf() {
    TestCall c = new TestCall(List.of("v", "a", "b", "gone"), 0);
    engine.open(c, 100 * MS);
    c.settle("b", "ok");
    engine.topologyChanged(Set.of("a", "b"));
    assertThat(c.resent).containsExactly(List.of("a"));
    assertThat(c.done).isEmpty();
    c.settle("v", "ok");
    c.settle("a", "ok");
    assertThat(c.done).containsExactly(List.of("ok", "ok", "ok", "left"));
  }

  @Test
  void answersToAnAliasFillTheSameCallAndLeaveWithIt() {
    TestCall c = new TestCall(List.of("a", "b"), 0);
    engine.open(c, 100 * MS);
    long retry = engine.alias(c);
    assertThat(retry).isNotEqualTo(c.id()).isNotZero();
    assertThat(engine.find(retry)).isSameAs(c);
    assertThat(engine.pending()).isEqualTo(1);
    engine.topologyChanged(Set.of("a", "b")); // once per call, not per id
    assertThat(c.resent).containsExactly(List.of("a", "b"));
    c.settle("a", "ok");
    c.settle("b", "ok");
    assertThat(engine.find(retry)).isNull();
    assertThat(engine.find(c.id())).isNull();
    assertThat(engine.alias(c)).isZero();
  }

  @Test
  void requestsRunOnceWherePooledOrDirectSays() {
    assertThat(engine.firstRequest("a", 7)).isTrue();
    assertThat(engine.firstRequest("a", 7)).isFalse();
    assertThat(engine.firstRequest("b", 7)).isTrue();
    assertThat(events).containsExactly(CallEngine.Event.DUPLICATE_REQUEST);
    List<String> ran = new ArrayList<>();
    engine.run(HandlerMode.POOLED, "command 1", () -> ran.add("pooled"));
    engine.run(HandlerMode.DIRECT, "command 2", () -> ran.add("direct"));
    assertThat(ran).containsExactly("direct"); // the pooled one waits for a handler thread
    pooled.forEach(Runnable::run);
    assertThat(ran).containsExactly("direct", "pooled");
    engine.run(HandlerMode.DIRECT, "command 3", () -> {
      throw new IllegalStateException("escaped");
    }); // logged; the loop goes on (how long the logging took is not asserted: a loaded machine)
    assertThat(events).startsWith(CallEngine.Event.DUPLICATE_REQUEST);
  }
}
