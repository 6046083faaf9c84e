package io.meshage.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.MeshTimeoutException;
import io.meshage.RemoteHandlerException;
import io.meshage.UnreachableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The command layer on the simulator: requests, RPCs, one-way sends and fan-out. */
@Timeout(60)
class MeshCommandsSimTest {
  private static final int CMD = 10_001;
  private static final int RPC = 20_001;

  private static Throwable failure(CompletableFuture<?> f) {
    assertThat(f).isCompletedExceptionally();
    try {
      f.join();
      throw new AssertionError("not failed");
    } catch (CompletionException e) {
      return e.getCause();
    }
  }

  @Test
  void requestGetsTheResponseOfTheRemoteHandler() {
    SimMesh m = SimMesh.of(6, 1);
    m.commands("n4").handleCommand(CMD, (req, sender) ->
        Map.of("echo", Payloads.getString(req, "greeting"), "from", sender));
    CompletableFuture<Map<String, Object>> r =
        m.commands("n0").sendRequest(CMD, "n4", Map.of("greeting", "hello"));
    assertThat(m.await(r, Duration.ofSeconds(5))).isTrue();
    assertThat(r.join()).containsEntry("echo", "hello").containsEntry("from", "n0");
  }

  @Test
  void requestToItselfIsHandledLocally() {
    SimMesh m = SimMesh.of(2, 2);
    m.commands("n0").handleCommand(CMD, (req, sender) -> Map.of("n", Payloads.getInt(req, "n") + 1));
    CompletableFuture<Map<String, Object>> r = m.commands("n0").sendRequest(CMD, "n0", Map.of("n", 41));
    assertThat(m.await(r, Duration.ofSeconds(1))).isTrue();
    assertThat(r.join()).containsEntry("n", 42);
  }

  @Test
  void throwingHandlerGivesRemoteHandlerExceptionWithItsMessage() {
    SimMesh m = SimMesh.of(4, 3);
    m.commands("n3").handleCommand(CMD, (req, sender) -> {
      throw new IllegalStateException("inventory is empty");
    });
    CompletableFuture<Map<String, Object>> r = m.commands("n0").sendRequest(CMD, "n3", Map.of());
    assertThat(m.await(r, Duration.ofSeconds(5))).isTrue();
    Throwable t = failure(r);
    assertThat(t).isInstanceOf(RemoteHandlerException.class).hasMessageContaining("inventory is empty");
    assertThat(((RemoteHandlerException) t).node()).isEqualTo("n3");
  }

  @Test
  void handlerErrorThatIsNotValidUnicodeStillAnswersWithAClearError() {
    SimMesh m = SimMesh.of(3, 31);
    m.commands("n2").handleCommand(CMD, (req, sender) -> {
      throw new IllegalStateException("broken \uD800 text");
    });
    CompletableFuture<Map<String, Object>> r = m.commands("n0").sendRequest(CMD, "n2", Map.of());
    assertThat(m.await(r, Duration.ofSeconds(5))).isTrue();
    assertThat(failure(r)).isInstanceOf(RemoteHandlerException.class)
        .hasMessageContaining("cannot be sent").hasMessageContaining("unpaired surrogate");
  }

  @Test
  void missingHandlerIsADistinctErrorNotATimeout() {
    SimMesh m = SimMesh.of(4, 4);
    long start = m.sim.nanoTime();
    CompletableFuture<Map<String, Object>> r =
        m.commands("n0").sendRequest(CMD, "n2", Map.of(), Duration.ofSeconds(30));
    assertThat(m.await(r, Duration.ofSeconds(30))).isTrue();
    Throwable t = failure(r);
    assertThat(t).isInstanceOf(NoSuchCommandException.class).hasMessageContaining("n2");
    assertThat(((NoSuchCommandException) t).command()).isEqualTo(CMD);
    assertThat(m.sim.nanoTime() - start).isLessThan(Duration.ofSeconds(1).toNanos());
    CompletableFuture<byte[]> x = m.commands("n0").sendRpc(RPC, "n2", new byte[] {1});
    assertThat(m.await(x, Duration.ofSeconds(5))).isTrue();
    assertThat(failure(x)).isInstanceOf(NoSuchCommandException.class);
  }

  @Test
  void unknownNodeIsUnreachableAtOnce() {
    SimMesh m = SimMesh.of(2, 5);
    CompletableFuture<Map<String, Object>> r = m.commands("n0").sendRequest(CMD, "nobody", Map.of());
    assertThat(failure(r)).isInstanceOf(UnreachableException.class).hasMessageContaining("nobody");
  }

  @Test
  void nodeDyingAfterTheAckFailsTheRequestAsUnreachableBeforeTheTimeout() {
    SimMesh m = SimMesh.of(6, 6);
    List<String> handled = new ArrayList<>();
    m.commands("n5").handleCommand(CMD, (req, sender) -> {
      handled.add(sender);
      m.sim.kill("n5"); // dies while handling: the ACK went out, the answer never will
      return Map.of();
    });
    long start = m.sim.nanoTime();
    CompletableFuture<Map<String, Object>> r =
        m.commands("n0").sendRequest(CMD, "n5", Map.of(), Duration.ofSeconds(30));
    assertThat(m.await(r, Duration.ofSeconds(30))).isTrue();
    assertThat(handled).containsExactly("n0");
    assertThat(failure(r)).isInstanceOf(UnreachableException.class);
    assertThat(m.sim.nanoTime() - start).isLessThan(Duration.ofSeconds(5).toNanos());
  }

  @Test
  void nodeDyingBeforeTheRequestArrivesFailsAsUnreachable() {
    SimMesh m = SimMesh.of(6, 7);
    m.commands("n3").handleRpc(RPC, (p, s) -> p);
    long start = m.sim.nanoTime();
    CompletableFuture<byte[]> r =
        m.commands("n0").sendRpc(RPC, "n3", new byte[100], Duration.ofSeconds(30));
    m.sim.kill("n3");
    assertThat(m.await(r, Duration.ofSeconds(30))).isTrue();
    assertThat(failure(r)).isInstanceOf(UnreachableException.class);
    assertThat(m.sim.nanoTime() - start).isLessThan(Duration.ofSeconds(5).toNanos());
  }

  @Test
  void rpcRoundTripAndTimeout() {
    SimMesh m = SimMesh.of(5, 8);
    m.commands("n4").handleRpc(RPC, (p, s) -> {
      byte[] out = p.clone();
      out[0]++;
      return out;
    });
    CompletableFuture<byte[]> r =
        m.commands("n1").sendRpc(RPC, "n4", new byte[] {7, 8}, Duration.ofSeconds(3));
    assertThat(m.await(r, Duration.ofSeconds(3))).isTrue();
    assertThat(r.join()).containsExactly(8, 8);

    m.sim.freeze("n4"); // silent: no ACK, no answer, no BYE
    long start = m.sim.nanoTime();
    CompletableFuture<byte[]> t =
        m.commands("n1").sendRpc(RPC, "n4", new byte[] {1}, Duration.ofMillis(300));
    assertThat(m.await(t, Duration.ofSeconds(3))).isTrue();
    Throwable e = failure(t);
    assertThat(e).isInstanceOfAny(MeshTimeoutException.class, UnreachableException.class);
    assertThat(e).isInstanceOf(MeshTimeoutException.class);
    assertThat(m.sim.nanoTime() - start).isLessThanOrEqualTo(Duration.ofMillis(301).toNanos());
  }

  @Test
  void reservedAndDuplicateIdsAreRefused() {
    SimMesh m = SimMesh.of(1, 9);
    MeshCommands c = m.commands("n0");
    assertThatThrownBy(() -> c.handleCommand(100, (r, s) -> Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    assertThatThrownBy(() -> c.handleRpc(10_000, (p, s) -> p))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.handleCommand(70_000, (r, s) -> Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    c.handleShellCommand((r, s) -> Map.of());
    c.handleCommand(CMD, (r, s) -> Map.of());
    assertThatThrownBy(() -> c.handleCommand(CMD, (r, s) -> Map.of()))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> c.handleShellCommand((r, s) -> Map.of()))
        .isInstanceOf(IllegalStateException.class);
    c.handleRpc(CMD, (p, s) -> p); // separate id space
  }

  @Test
  void dataThatCannotBeSentIsRefusedBeforeSending() {
    SimMesh m = SimMesh.of(2, 10);
    MeshCommands c = m.commands("n0");
    Map<String, Object> bad = Map.of("when", new Date());
    assertThatThrownBy(() -> c.sendRequest(CMD, "n1", bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("when");
    assertThatThrownBy(() -> c.send(CMD, "n1", bad)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.usend(CMD, "n1", bad)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.sendMany(CMD, List.of("n1"), bad, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.sendMany(CMD, List.of("n1"), Map.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(m.node("n0").stats().get(io.meshage.Counter.DATA_SENT)).isZero();
  }

  @Test
  void reliableSendCompletesOnAckAndUsendIsCounted() {
    SimMesh m = SimMesh.of(5, 11);
    List<Object> got = new ArrayList<>();
    m.commands("n3").handleCommand(CMD, (req, sender) -> {
      got.add(req.get("i"));
      return null;
    });
    CompletableFuture<Void> s = m.commands("n0").send(CMD, "n3", Map.of("i", 1));
    assertThat(m.await(s, Duration.ofSeconds(5))).isTrue();
    s.join();
    for (int i = 2; i <= 4; i++) {
      m.commands("n0").usend(CMD, "n3", Map.of("i", i));
    }
    m.commands("n0").usend(CMD, "nobody", Map.of("i", 99));
    m.sim.runFor(Duration.ofMillis(200));
    assertThat(got).containsExactlyInAnyOrder(1, 2, 3, 4);
    CommandStats st = m.commands("n0").stats();
    assertThat(st.get(CommandCounter.SENDS)).isEqualTo(1);
    assertThat(st.get(CommandCounter.USENDS)).isEqualTo(4);
    assertThat(st.get(CommandCounter.USENDS_NO_ROUTE)).isEqualTo(1);
    CompletableFuture<Void> u = m.commands("n0").send(CMD, "nobody", Map.of());
    assertThat(failure(u)).isInstanceOf(UnreachableException.class);
  }

  @Test
  void sendManyToAHundredNodesWithLimitThreeHandlesEachOnceWithinLogDepth() {
    SimMesh m = SimMesh.of(101, 12);
    Map<String, Integer> handled = new TreeMap<>();
    List<String> targets = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      String n = "n" + i;
      targets.add(n);
      m.commands(n).handleCommand(CMD, (req, sender) -> {
        assertThat(sender).isEqualTo("n0");
        handled.merge(n, 1, Integer::sum);
        return null;
      });
    }
    CompletableFuture<Void> f = m.commands("n0").sendMany(CMD, targets, Map.of("x", 1), 3);
    assertThat(m.await(f, Duration.ofSeconds(5))).isTrue();
    f.join();
    m.sim.runFor(Duration.ofMillis(500));
    assertThat(handled).hasSize(100);
    assertThat(handled.values()).allMatch(c -> c == 1);
    int bound = (int) Math.ceil(Math.log(100) / Math.log(3)) + 1;
    int deepest = 0;
    int[] perDepth = new int[10];
    long relayed = m.commands("n0").stats().get(CommandCounter.MANY_RELAYED);
    for (String n : targets) {
      int d = m.commands(n).stats().deepestRelayDepth();
      deepest = Math.max(deepest, d);
      perDepth[d]++;
      relayed += m.commands(n).stats().get(CommandCounter.MANY_RELAYED);
      assertThat(m.commands(n).stats().get(CommandCounter.MANY_RELAYED)).isLessThanOrEqualTo(3);
    }
    System.out.printf("sendMany 100 nodes limit 3: deepest relay step %d (bound %d), nodes per step %s%n",
        deepest, bound, java.util.Arrays.toString(perDepth));
    assertThat(deepest).isLessThanOrEqualTo(bound);
    assertThat(m.commands("n0").stats().get(CommandCounter.MANY_RELAYED)).isEqualTo(3);
    assertThat(relayed).isEqualTo(100);
  }

  @Test
  void sendManyNamesTheNodesThatDidNotHandleIt() {
    SimMesh m = SimMesh.of(12, 13);
    List<String> targets = new ArrayList<>();
    for (int i = 1; i < 12; i++) {
      targets.add("n" + i);
      if (i != 4) {
        String n = "n" + i;
        m.commands(n).handleCommand(CMD, (req, sender) -> {
          if (n.equals("n7")) {
            throw new IllegalStateException("n7 refuses");
          }
          return null;
        });
      }
    }
    m.sim.kill("n9");
    CompletableFuture<Void> f =
        m.commands("n0").sendMany(CMD, targets, Map.of(), 2, Duration.ofSeconds(20));
    long start = m.sim.nanoTime();
    assertThat(m.await(f, Duration.ofSeconds(20))).isTrue();
    assertThat(m.sim.nanoTime() - start).isLessThan(Duration.ofSeconds(5).toNanos());
    Throwable t = failure(f);
    assertThat(t).isInstanceOf(PartialFailureException.class);
    PartialFailureException p = (PartialFailureException) t;
    assertThat(p.failedNodes()).containsExactly("n4", "n7", "n9");
    assertThat(p.causes().get("n4")).isInstanceOf(NoSuchCommandException.class);
    assertThat(p.causes().get("n7")).isInstanceOf(RemoteHandlerException.class).hasMessageContaining("n7 refuses");
    assertThat(p.causes().get("n9")).isInstanceOf(UnreachableException.class);
  }

  @Test
  void usendManyReachesEveryNodeOnceWithoutReports() {
    SimMesh m = SimMesh.of(20, 14);
    Map<String, Integer> handled = new TreeMap<>();
    List<String> targets = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String n = "n" + i;
      targets.add(n);
      m.commands(n).handleCommand(CMD, (req, sender) -> {
        handled.merge(n, 1, Integer::sum);
        return null;
      });
    }
    m.commands("n0").usendMany(CMD, targets, Map.of(), 2);
    m.sim.runFor(Duration.ofMillis(500));
    assertThat(handled).hasSize(20);
    assertThat(handled.values()).allMatch(c -> c == 1);
    assertThat(m.commands("n0").stats().get(CommandCounter.UMANY_SENT)).isEqualTo(1);
    assertThat(m.node("n0").stats().get(io.meshage.Counter.ACKS_RECEIVED)).isZero();
  }
}
