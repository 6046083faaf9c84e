package io.meshage;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.command.CommandCounter;
import io.meshage.command.MeshCommands;
import io.meshage.command.Payloads;
import io.meshage.internal.call.CallEngine;
import io.meshage.rpc.Response;
import io.meshage.rpc.RpcCounter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Direct handlers ({@link HandlerMode#DIRECT}) on real sockets: they run on the event loop that
 * decoded the request, pooled ones on the handler threads; both give the same results; a slow
 * direct handler is logged once per handler at WARN and counted each time.
 */
@Timeout(60)
class DirectHandlersTest {
  private static final int CMD_POOLED = 10_101;
  private static final int CMD_DIRECT = 10_102;
  private static final int RPC_POOLED = 20_101;
  private static final int RPC_DIRECT = 20_102;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static MeshNode[] pair(LoopbackMesh mesh) throws Exception {
    MeshNode a = mesh.start(mesh.config("dh-a").degree(0));
    MeshNode b = mesh.start(mesh.config("dh-b").degree(0));
    a.dial("127.0.0.1:" + b.listenAddress().getPort());
    assertThat(mesh.await(() -> a.mesh().size() == 2 && b.mesh().size() == 2, Duration.ofSeconds(10)))
        .isTrue();
    return new MeshNode[] {a, b};
  }

  /** The served object of the rpc() tests; records the thread each call ran on. */
  public static final class Calc {
    final Set<String> threads = ConcurrentHashMap.newKeySet();

    public Integer twice(Integer n) {
      threads.add(Thread.currentThread().getName());
      if (n < 0) {
        throw new IllegalArgumentException("negative: " + n);
      }
      return 2 * n;
    }
  }

  @Test
  void directHandlersRunOnTheLoopPooledOnesDoNotAndBothAnswerAlike() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      MeshNode[] ab = pair(mesh);
      MeshCommands a = ab[0].commands();
      MeshCommands b = ab[1].commands();
      Map<Integer, Set<String>> threads = new ConcurrentHashMap<>();
      CountDownLatch oneWays = new CountDownLatch(2);
      for (int id : new int[] {CMD_POOLED, CMD_DIRECT}) {
        Set<String> t = threads.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet());
        b.handleCommand(id, (req, sender) -> {
          t.add(Thread.currentThread().getName());
          if (req.containsKey("oneWay")) {
            oneWays.countDown();
          }
          if (req.containsKey("fail")) {
            throw new IllegalStateException("refused " + req.get("fail"));
          }
          return Map.of("sum", Payloads.getInt(req, "x") + 1, "from", sender);
        }, id == CMD_DIRECT ? HandlerMode.DIRECT : HandlerMode.POOLED);
      }
      for (int id : new int[] {RPC_POOLED, RPC_DIRECT}) {
        Set<String> t = threads.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet());
        b.handleRpc(id, (payload, sender) -> {
          t.add(Thread.currentThread().getName());
          if (payload.length == 0) {
            throw new IllegalStateException("empty payload");
          }
          byte[] r = payload.clone();
          r[0]++;
          return r;
        }, id == RPC_DIRECT ? HandlerMode.DIRECT : HandlerMode.POOLED);
      }
      Calc pooled = new Calc();
      Calc direct = new Calc();
      ab[1].rpc().register("Pooled", pooled);
      ab[1].rpc().register("Direct", direct, HandlerMode.DIRECT);
      ab[0].rpc().register("Pooled", new Calc()); // callers register the same types
      ab[0].rpc().register("Direct", new Calc(), HandlerMode.DIRECT);

      List<List<String>> results = new ArrayList<>();
      for (int[] ids : new int[][] {{CMD_POOLED, RPC_POOLED}, {CMD_DIRECT, RPC_DIRECT}}) {
        String type = ids[0] == CMD_DIRECT ? "Direct" : "Pooled";
        List<Object> r = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          r.add(a.sendRequest(ids[0], "dh-b", Map.of("x", i), TIMEOUT).get(10, TimeUnit.SECONDS));
          r.add(List.of(a.sendRpc(ids[1], "dh-b", new byte[] {(byte) i, 7}, TIMEOUT).get(10, TimeUnit.SECONDS)[0]));
          List<Response<Integer>> rs = ab[0].rpc().call(List.of("dh-b"), type + ".twice", i, Integer.class, TIMEOUT);
          r.add(rs.get(0).status() + " " + rs.get(0).value());
        }
        r.add(failure(a.sendRequest(ids[0], "dh-b", Map.of("x", 1, "fail", "this"), TIMEOUT)));
        r.add(failure(a.sendRpc(ids[1], "dh-b", new byte[0], TIMEOUT)));
        Response<Integer> bad = ab[0].rpc().call(List.of("dh-b"), type + ".twice", -1, Integer.class, TIMEOUT).get(0);
        r.add(bad.status() + " " + bad.errorClass() + " " + bad.error());
        a.send(ids[0], "dh-b", Map.of("x", 0, "oneWay", true)).get(10, TimeUnit.SECONDS);
        // error texts name the id; the two modes serve different ids
        results.add(r.stream().map(o -> o.toString()
            .replace(String.valueOf(ids[0]), "ID").replace(String.valueOf(ids[1]), "ID")).toList());
      }
      assertThat(oneWays.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(results.get(1)).isEqualTo(results.get(0));
      assertThat(results.get(0)).contains("OK 38", "REMOTE_ERROR java.lang.IllegalArgumentException negative: -1");

      String loop = "meshage-loop-";
      for (Set<String> t : List.of(threads.get(CMD_DIRECT), threads.get(RPC_DIRECT), direct.threads)) {
        assertThat(t).isNotEmpty().allSatisfy(n -> assertThat(n).startsWith(loop));
      }
      for (Set<String> t : List.of(threads.get(CMD_POOLED), threads.get(RPC_POOLED), pooled.threads)) {
        assertThat(t).isNotEmpty().allSatisfy(n -> assertThat(n).startsWith("meshage-handler-"));
      }
    }
  }

  private static String failure(CompletableFuture<?> f) throws Exception {
    try {
      f.get(10, TimeUnit.SECONDS);
      return "no failure";
    } catch (ExecutionException e) {
      return e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage();
    }
  }

  /** Busy for {@code millis} of wall time (a handler that is slow, not one that waits). */
  private static void busy(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  /** The spinning method of the slow rpc() test. */
  public static final class Slow {
    public String spin(String s) {
      busy(2 * HandlerMode.DIRECT_WARN_MILLIS);
      return s;
    }
  }

  @Test
  void aSlowDirectHandlerIsLoggedOncePerHandlerAndCountedEachTime() throws Exception {
    List<String> warnings = new CopyOnWriteArrayList<>();
    AbstractAppender capture =
        new AbstractAppender("direct-capture", null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            if (event.getLevel() == Level.WARN) {
              warnings.add(event.getMessage().getFormattedMessage());
            }
          }
        };
    capture.start();
    org.apache.logging.log4j.core.Logger logger =
        (org.apache.logging.log4j.core.Logger) LogManager.getLogger(CallEngine.class);
    Level before = logger.getLevel();
    Configurator.setLevel(CallEngine.class.getName(), Level.WARN);
    logger.addAppender(capture);
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      MeshNode[] ab = pair(mesh);
      MeshCommands a = ab[0].commands();
      MeshCommands b = ab[1].commands();
      b.handleRpc(RPC_DIRECT, (payload, sender) -> {
        busy(2 * HandlerMode.DIRECT_WARN_MILLIS);
        return payload;
      }, HandlerMode.DIRECT);
      b.handleCommand(CMD_DIRECT, (req, sender) -> {
        busy(2 * HandlerMode.DIRECT_WARN_MILLIS);
        return req;
      }, HandlerMode.DIRECT);
      b.handleRpc(RPC_POOLED, (payload, sender) -> {
        busy(2 * HandlerMode.DIRECT_WARN_MILLIS);
        return payload;
      });
      ab[1].rpc().register(new Slow(), HandlerMode.DIRECT);
      ab[0].rpc().register(new Slow());
      for (int i = 0; i < 3; i++) {
        assertThat(a.sendRpc(RPC_DIRECT, "dh-b", new byte[] {1}, TIMEOUT).get(10, TimeUnit.SECONDS)).containsExactly(1);
        assertThat(a.sendRequest(CMD_DIRECT, "dh-b", Map.of("k", i), TIMEOUT).get(10, TimeUnit.SECONDS)).containsEntry("k", i);
        assertThat(a.sendRpc(RPC_POOLED, "dh-b", new byte[] {2}, TIMEOUT).get(10, TimeUnit.SECONDS)).containsExactly(2);
        assertThat(ab[0].rpc().call(List.of("dh-b"), "Slow.spin", "s" + i, String.class, TIMEOUT).get(0).value())
            .isEqualTo("s" + i);
      }
      // counted every time (the pooled handler is as slow, and not counted)
      assertThat(b.stats().get(CommandCounter.SLOW_DIRECT_HANDLERS)).isEqualTo(6);
      assertThat(ab[1].rpc().stats().get(RpcCounter.SLOW_DIRECT_HANDLERS)).isEqualTo(3);
      assertThat(a.stats().get(CommandCounter.SLOW_DIRECT_HANDLERS)).isZero();
      // logged once per handler, naming it
      List<String> mine = warnings.stream().filter(w -> w.startsWith("[dh-b]")).toList();
      assertThat(mine).hasSize(3);
      assertThat(mine).anySatisfy(w -> assertThat(w).contains("RPC " + RPC_DIRECT));
      assertThat(mine).anySatisfy(w -> assertThat(w).contains("command " + CMD_DIRECT));
      assertThat(mine).anySatisfy(w -> assertThat(w).contains("Slow.spin"));
      assertThat(mine).noneMatch(w -> w.contains("RPC " + RPC_POOLED));
    } finally {
      logger.removeAppender(capture);
      capture.stop();
      Configurator.setLevel(CallEngine.class.getName(), before);
    }
  }
}
