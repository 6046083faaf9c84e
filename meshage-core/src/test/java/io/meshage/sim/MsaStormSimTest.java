package io.meshage.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.Counter;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.Seeds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 30: no MSA storm under any input. Over seeded adversarial schedules (second instances of
 * existing names that forge their MSAs, restart loops, flapping links, replayed and duplicated
 * frames), no node receives more than {@link #MAX_MSAS_PER_SECOND} MSAs in any second, and once
 * the adversary stops every honest node's view converges to the truth.
 */
@Timeout(120)
class MsaStormSimTest {
  private static final int NODES = 10;
  /** Far below a storm (the issue measured about 34,000 per second on one node), above honest churn. */
  static final long MAX_MSAS_PER_SECOND = 1000;

  private static MeshConfig cfg(String name) {
    return MeshConfig.builder(name).degree(3).discoveryPort(9000).broadcastAddress("127.255.255.255")
        .msaPeriod(Duration.ofSeconds(1)).build();
  }

  @RepeatedTest(6)
  void adversarialSchedulesStayBoundedAndConverge(RepetitionInfo rep) {
    long seed = Seeds.scenario(30_000L + rep.getCurrentRepetition());
    Random random = new Random(seed);
    Simulation sim = new Simulation(seed);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      names.add("n" + i);
      sim.addNode(cfg("n" + i));
    }
    assertThat(sim.runUntil(() -> Truth.converged(sim) && sim.node("n0").mesh().size() == NODES,
        Duration.ofMillis(50), Duration.ofSeconds(30))).as("seed %d formed", seed).isTrue();
    Map<String, Long> last = new HashMap<>();
    long[] worst = {0};
    String[] twin = {null};
    long twinUntil = 0;
    String looper = names.get(random.nextInt(NODES));
    for (int step = 0; step < 80; step++) { // 20 s of 250 ms steps
      long now = sim.nanoTime();
      // (the restart loop's node gets no twin: restarted while its twin lives, it is the newcomer)
      String victim = names.get(random.nextInt(NODES));
      if (twin[0] == null && random.nextInt(8) == 0 && !victim.equals(looper)) {
        twin[0] = victim + "#twin" + step;
        sim.engine().addTwin(twin[0], cfg(victim));
        twinUntil = now + Duration.ofMillis(500 + random.nextInt(4000)).toNanos();
      } else if (twin[0] != null && now >= twinUntil) {
        sim.kill(twin[0]);
        twin[0] = null;
      }
      if (step % 6 == 0) {
        sim.restart(looper); // a restart loop
      }
      if (random.nextInt(3) == 0) {
        String a = names.get(random.nextInt(NODES));
        MeshNode n = sim.node(a);
        if (!n.neighbors().isEmpty()) {
          List<String> nb = new ArrayList<>(n.neighbors());
          sim.cut(a, nb.get(random.nextInt(nb.size()))); // a flapping link: discovery redials it
        }
      }
      if (random.nextInt(10) == 0) {
        String a = names.get(random.nextInt(NODES));
        sim.faults(a).duplicate(0.3).delay(Duration.ZERO, Duration.ofMillis(400)); // replays, reordered
      }
      sim.runFor(Duration.ofMillis(250));
      if (step % 4 == 3) {
        worst[0] = Math.max(worst[0], window(sim, last));
      }
    }
    if (twin[0] != null) {
      sim.kill(twin[0]);
    }
    for (String n : names) {
      sim.faults(n).clear();
    }
    for (int s = 0; s < 5; s++) {
      sim.runFor(Duration.ofSeconds(1));
      worst[0] = Math.max(worst[0], window(sim, last));
    }
    boolean converged = sim.runUntil(() -> Truth.converged(sim), Duration.ofMillis(50), Duration.ofSeconds(15));
    System.out.printf("msa storm seed %d: at most %d MSAs per node per second%n", seed, worst[0]);
    assertThat(converged).as("seed %d: honest views converge; %s; differing: %s", seed, Truth.parts(sim),
        differing(sim)).isTrue();
    assertThat(worst[0]).as("seed %d: MSAs per node per second", seed).isLessThanOrEqualTo(MAX_MSAS_PER_SECOND);
    for (String n : names) {
      if (n.equals(looper)) {
        continue;
      }
      assertThat(sim.node(n).conflict()).as("seed %d: honest %s kept its name", seed, n).isEmpty();
    }
  }

  /** Each node whose view is not its part of the truth, with that view. */
  private static String differing(Simulation sim) {
    Map<String, java.util.Set<String>> truth = Truth.twoWay(sim.trueTopology());
    StringBuilder sb = new StringBuilder();
    for (String n : truth.keySet()) {
      Map<String, java.util.Set<String>> view = sim.node(n).mesh();
      if (!view.equals(Truth.component(truth, n))) {
        sb.append(n).append(" sees ").append(view).append("; ");
      }
    }
    return sb.toString();
  }

  /** The most MSAs any live node received since the last call (about one second). */
  private static long window(Simulation sim, Map<String, Long> last) {
    long most = 0;
    for (String key : sim.liveNodes()) {
      long now = sim.node(key).stats().get(Counter.MSA_RECEIVED);
      Long before = last.put(key, now);
      long delta = before == null || now < before ? now : now - before;
      most = Math.max(most, delta);
    }
    return most;
  }
}
