package io.meshage.tools.sim;

import io.meshage.Delivery;
import io.meshage.Failure;
import io.meshage.MeshConfig;
import io.meshage.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Verdict accuracy under faults, on the simulator: N nodes (default 20, degree 3) carry a steady
 * stream of one-recipient sets while relays freeze (as under SIGSTOP) and links drop, on one seeded
 * fault schedule. Counts TIMEOUT verdicts whose recipient did get the message ("false timeouts"),
 * first with ACK retention and busy-link detection off (the behaviour before issue 19), then on,
 * under the same schedule.
 *
 * <p>System properties: {@code sim.nodes}, {@code sim.degree}, {@code sim.seed}, {@code sim.seconds}
 * (traffic time, default 60), {@code sim.freezeMs} (default 3000).
 */
public final class VerdictAccuracy {
  private VerdictAccuracy() {}

  public static void main(String[] args) {
    long seed = Long.getLong("sim.seed", 1);
    for (boolean on : new boolean[] {false, true}) {
      Result r = run(seed, on);
      System.out.printf(
          "retention+busy-link %-3s: %d sends, %d delivered, %d TIMEOUT (%d of them received: %.1f%% of timeouts,"
              + " %.2f%% of sends), %d UNREACHABLE, %d false deliveries%n",
          on ? "on" : "off", r.sends, r.delivered, r.timeouts, r.falseTimeouts,
          100.0 * r.falseTimeouts / Math.max(1, r.timeouts), 100.0 * r.falseTimeouts / Math.max(1, r.sends),
          r.unreachable, r.falseDeliveries);
    }
  }

  record Result(int sends, int delivered, int timeouts, int falseTimeouts, int unreachable, int falseDeliveries) {}

  static Result run(long seed, boolean on) {
    int n = Integer.getInteger("sim.nodes", 20);
    int degree = Integer.getInteger("sim.degree", 3);
    int seconds = Integer.getInteger("sim.seconds", 60);
    int freezeMs = Integer.getInteger("sim.freezeMs", 3000);
    Simulation sim = new Simulation(seed);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = String.format("v%02d", i);
      names.add(name);
      MeshConfig.Builder b = MeshConfig.builder(name).degree(degree).discoveryPort(9000)
          .broadcastAddress("127.255.255.255").ackTimeout(Duration.ofSeconds(4));
      if (!on) {
        b.ackRetention(Duration.ZERO).busyLinkTimeout(Duration.ZERO);
      }
      sim.addNode(b.build());
    }
    sim.runUntil(() -> sim.node(names.get(0)).mesh().size() == n, Duration.ofMillis(100), Duration.ofSeconds(60));
    Map<String, Set<String>> received = new HashMap<>();
    for (String name : names) {
      Set<String> got = new HashSet<>();
      received.put(name, got);
      sim.node(name).onMessage(m -> got.add((String) m.body()));
    }
    Random traffic = new Random(seed * 7 + 1);
    Random faults = new Random(seed * 13 + 5);
    Map<String, String> sentTo = new HashMap<>();
    Map<String, CompletableFuture<Delivery>> verdicts = new HashMap<>();
    Map<String, Long> frozenUntil = new HashMap<>();
    long end = sim.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    int k = 0;
    long nextFault = sim.nanoTime();
    while (sim.nanoTime() < end) {
      if (sim.nanoTime() >= nextFault) {
        String victim = names.get(faults.nextInt(n));
        if (faults.nextInt(3) == 0) {
          List<String> peers = new ArrayList<>(sim.node(victim).neighbors());
          if (!peers.isEmpty()) {
            sim.faults(victim).dropLink(peers.get(faults.nextInt(peers.size())));
          }
        } else if (!frozenUntil.containsKey(victim)) {
          sim.faults(victim).freeze();
          frozenUntil.put(victim, sim.nanoTime() + Duration.ofMillis(freezeMs).toNanos());
        }
        nextFault = sim.nanoTime() + Duration.ofMillis(500 + faults.nextInt(1000)).toNanos();
      }
      for (Map.Entry<String, Long> e : new ArrayList<>(frozenUntil.entrySet())) {
        if (sim.nanoTime() >= e.getValue()) {
          sim.faults(e.getKey()).unfreeze();
          frozenUntil.remove(e.getKey());
        }
      }
      String from = names.get(traffic.nextInt(n));
      String to = names.get(traffic.nextInt(n));
      if (!from.equals(to) && !frozenUntil.containsKey(from) && !frozenUntil.containsKey(to)) {
        String body = "m" + k++;
        sentTo.put(body, to);
        verdicts.put(body, sim.node(from).setAsync(List.of(to), body));
      }
      sim.runFor(Duration.ofMillis(5));
    }
    frozenUntil.keySet().forEach(v -> sim.faults(v).unfreeze());
    sim.runUntil(() -> verdicts.values().stream().allMatch(CompletableFuture::isDone), Duration.ofSeconds(30));
    sim.runFor(Duration.ofSeconds(1));
    int delivered = 0;
    int timeouts = 0;
    int falseTimeouts = 0;
    int unreachable = 0;
    int falseDeliveries = 0;
    for (Map.Entry<String, CompletableFuture<Delivery>> e : verdicts.entrySet()) {
      String to = sentTo.get(e.getKey());
      boolean got = received.get(to).contains(e.getKey());
      Delivery d = e.getValue().getNow(null);
      if (d == null) {
        continue;
      }
      if (d.delivered().contains(to)) {
        delivered++;
        falseDeliveries += got ? 0 : 1;
      } else if (d.failed().get(to) == Failure.TIMEOUT) {
        timeouts++;
        falseTimeouts += got ? 1 : 0;
      } else {
        unreachable++;
      }
    }
    return new Result(verdicts.size(), delivered, timeouts, falseTimeouts, unreachable, falseDeliveries);
  }
}
