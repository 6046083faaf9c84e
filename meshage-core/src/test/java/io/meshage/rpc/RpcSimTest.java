package io.meshage.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.Delivery;
import io.meshage.rpc.Arith.Args;
import io.meshage.rpc.Arith.Reply;
import io.meshage.rpc.Response.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The RPC layer on the simulator: every status, the response modes, fan-out, crashes, casts. */
@Timeout(120)
class RpcSimTest {
  private static final Duration TWO_SECONDS = Duration.ofSeconds(2);

  private static Map<String, Status> statuses(List<? extends Response<?>> rs) {
    return rs.stream().collect(Collectors.toMap(Response::from, Response::status));
  }

  @Test
  void callReturnsOneOkResponsePerTargetWithItsValue() {
    RpcSim m = RpcSim.of(6, 11);
    List<String> to = List.of("n5", "n1", "n3");
    List<Response<Reply>> rs =
        m.await(m.rpc("n0").callAsync(to, "Arith.sumDiff", new Args(100, 250), Reply.class, TWO_SECONDS), TWO_SECONDS);
    assertThat(rs).extracting(Response::from).containsExactly("n5", "n1", "n3");
    for (Response<Reply> r : rs) {
      assertThat(r.status()).isEqualTo(Status.OK);
      assertThat(r.value()).isEqualTo(new Reply(350, -150, r.from()));
      assertThat(r.error()).isNull();
    }
    assertThat(m.rpc("n0").stats().get(RpcCounter.RESULTS_OK)).isEqualTo(3);
  }

  @Test
  void emptyTargetListCallsEveryOtherNodeOfTheMesh() {
    RpcSim m = RpcSim.of(7, 12);
    List<Response<Integer>> rs =
        m.await(m.rpc("n2").callAsync(List.of(), "Arith.increment", 41, Integer.class, TWO_SECONDS), TWO_SECONDS);
    assertThat(rs).extracting(Response::from).containsExactly("n0", "n1", "n3", "n4", "n5", "n6");
    assertThat(rs).allSatisfy(r -> assertThat(r.value()).isEqualTo(42));
  }

  @Test
  void methodSeesTheCallerAndACallToItselfRunsLocally() {
    RpcSim m = RpcSim.of(4, 13);
    List<Response<String>> rs =
        m.await(m.rpc("n1").callAsync(List.of("n1", "n3"), "Arith.whoCalls", "hi", String.class, TWO_SECONDS),
            TWO_SECONDS);
    assertThat(rs).extracting(Response::value)
        .containsExactly("hi n1 from n1 via Arith.whoCalls", "hi n1 from n3 via Arith.whoCalls");
  }

  @Test
  void throwingMethodIsRemoteErrorWithTheExceptionsClassAndMessage() {
    RpcSim m = RpcSim.of(4, 14);
    List<Response<String>> rs =
        m.await(m.rpc("n0").callAsync(List.of("n2", "n3"), "Arith.fail", "no stock", String.class, TWO_SECONDS),
            TWO_SECONDS);
    assertThat(rs).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo(Status.REMOTE_ERROR);
      assertThat(r.errorClass()).isEqualTo(IllegalStateException.class.getName());
      assertThat(r.error()).isEqualTo("refused on " + r.from() + ": no stock");
      assertThat(r.value()).isNull();
    });
  }

  @Test
  void unknownMethodIsNoSuchMethodAtOnceNotATimeoutNorAZeroReply() {
    RpcSim m = RpcSim.of(4, 15);
    m.rpc("n3").unregister("Arith");
    long start = m.sim.nanoTime();
    List<Response<String>> rs =
        m.await(m.rpc("n0").callAsync(List.of("n1", "n3"), "Arith.nope", "x", String.class, Duration.ofSeconds(30)),
            Duration.ofSeconds(30));
    assertThat(statuses(rs)).containsEntry("n1", Status.NO_SUCH_METHOD).containsEntry("n3", Status.NO_SUCH_METHOD);
    assertThat(rs.get(0).error()).contains("n1").contains("Arith.nope");
    assertThat(m.sim.nanoTime() - start).isLessThan(Duration.ofSeconds(1).toNanos());
    List<Response<Integer>> again =
        m.await(m.rpc("n0").callAsync(List.of("n3"), "Arith.increment", 1, Integer.class, TWO_SECONDS), TWO_SECONDS);
    assertThat(again.get(0).status()).isEqualTo(Status.NO_SUCH_METHOD);
  }

  @Test
  void silentTargetIsTimeoutAtTheTimeoutAndTheOthersStillAnswer() {
    RpcSim m = RpcSim.of(5, 16);
    m.sim.freeze("n4");
    long start = m.sim.nanoTime();
    Duration timeout = Duration.ofMillis(500);
    List<Response<Integer>> rs =
        m.await(m.rpc("n0").callAsync(List.of("n1", "n4", "n2"), "Arith.increment", 1, Integer.class, timeout),
            TWO_SECONDS);
    assertThat(statuses(rs))
        .containsEntry("n1", Status.OK).containsEntry("n2", Status.OK).containsEntry("n4", Status.TIMEOUT);
    long took = m.sim.nanoTime() - start;
    assertThat(took).isBetween(timeout.toNanos(), timeout.toNanos() + Duration.ofMillis(20).toNanos());
  }

  @Test
  void unknownNodeIsUnreachableAtOnce() {
    RpcSim m = RpcSim.of(3, 17);
    List<Response<Integer>> rs =
        m.await(m.rpc("n0").callAsync(List.of("ghost", "n1"), "Arith.increment", 1, Integer.class, TWO_SECONDS),
            TWO_SECONDS);
    assertThat(statuses(rs)).containsEntry("ghost", Status.UNREACHABLE).containsEntry("n1", Status.OK);
    assertThat(rs.get(0).error()).contains("not in the mesh");
  }

  @Test
  void targetCrashingMidCallIsUnreachableLongBeforeTheTimeout() {
    RpcSim m = RpcSim.of(6, 18);
    long start = m.sim.nanoTime();
    CompletableFuture<List<Response<Integer>>> f =
        m.rpc("n0").callAsync(List.of("n2", "n3", "n5"), "Arith.increment", 7, Integer.class, Duration.ofSeconds(30));
    m.sim.kill("n3");
    List<Response<Integer>> rs = m.await(f, Duration.ofSeconds(30));
    assertThat(statuses(rs))
        .containsEntry("n2", Status.OK).containsEntry("n5", Status.OK).containsEntry("n3", Status.UNREACHABLE);
    assertThat(m.sim.nanoTime() - start).isLessThan(Duration.ofSeconds(2).toNanos());
  }

  @Test
  void frozenTargetIsFoundUnreachableByKeepaliveBeforeALongTimeout() {
    RpcSim m = RpcSim.of(5, 19);
    m.sim.freeze("n2");
    long start = m.sim.nanoTime();
    List<Response<Integer>> rs =
        m.await(m.rpc("n0").callAsync(List.of("n2", "n1"), "Arith.increment", 1, Integer.class, Duration.ofSeconds(60)),
            Duration.ofSeconds(60));
    assertThat(statuses(rs)).containsEntry("n2", Status.UNREACHABLE).containsEntry("n1", Status.OK);
    assertThat(m.sim.nanoTime() - start).isLessThan(Duration.ofSeconds(10).toNanos());
  }

  @Test
  void modeFirstCompletesAtTheFirstOkAnswerAndMarksTheRestPending() {
    RpcSim m = RpcSim.of(8, 20);
    List<Response<Integer>> rs =
        m.await(m.rpc("n0").callAsync(List.of(), "Arith.increment", 1, Integer.class, TWO_SECONDS, ResponseMode.FIRST),
            TWO_SECONDS);
    assertThat(rs).hasSize(7);
    assertThat(rs).filteredOn(Response::isOk).hasSize(1);
    assertThat(rs).filteredOn(r -> r.status() == Status.PENDING).hasSize(6);
  }

  @Test
  void modeFirstNCountsOnlyOkAnswers() {
    RpcSim m = RpcSim.of(8, 21);
    m.rpc("n1").unregister("Arith");
    List<Response<Integer>> rs =
        m.await(m.rpc("n0").callAsync(List.of("n1", "n2", "n3", "n4", "n5"), "Arith.increment", 1, Integer.class,
            TWO_SECONDS, ResponseMode.first(3)), TWO_SECONDS);
    assertThat(rs).filteredOn(Response::isOk).hasSize(3);
    assertThat(rs).filteredOn(r -> r.status() == Status.OK || r.status() == Status.PENDING
        || r.status() == Status.NO_SUCH_METHOD).hasSize(5);
    List<Response<Integer>> all =
        m.await(m.rpc("n0").callAsync(List.of("n1", "n2"), "Arith.increment", 1, Integer.class,
            TWO_SECONDS, ResponseMode.first(5)), TWO_SECONDS);
    assertThat(statuses(all)).containsEntry("n1", Status.NO_SUCH_METHOD).containsEntry("n2", Status.OK);
  }

  @Test
  void concurrentCallsFromSeveralNodesEachGetTheirOwnAnswers() {
    RpcSim m = RpcSim.of(6, 22);
    List<CompletableFuture<List<Response<Integer>>>> fs = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String caller = "n" + (i % 6);
      fs.add(m.rpc(caller).callAsync(List.of(), "Arith.increment", i, Integer.class, TWO_SECONDS));
    }
    m.await(CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)), TWO_SECONDS);
    for (int i = 0; i < fs.size(); i++) {
      List<Response<Integer>> rs = fs.get(i).join();
      assertThat(rs).hasSize(5);
      int expected = i + 1;
      assertThat(rs).allSatisfy(r -> assertThat(r.value()).isEqualTo(expected));
    }
  }

  @Test
  void fiftyTargetsAnswerAndTheCallerSendsOneMessagePerNeighbourNotPerTarget() {
    RpcSim m = RpcSim.of(51, 23);
    Set<String> neighbours = m.node("n0").neighbors();
    AtomicInteger framesFromCaller = new AtomicInteger();
    AtomicInteger recipientsCarried = new AtomicInteger();
    for (String nb : neighbours) {
      m.node(nb).snoop(msg -> {
        if (msg.source().equals("n0") && msg.route().size() == 2) {
          framesFromCaller.incrementAndGet();
          recipientsCarried.addAndGet(msg.recipients().size());
        }
      });
    }
    CompletableFuture<List<Response<Reply>>> f =
        m.rpc("n0").callAsync(List.of(), "Arith.sumDiff", new Args(1, 2), Reply.class, Duration.ofSeconds(5));
    List<Response<Reply>> rs = m.await(f, Duration.ofSeconds(5));
    assertThat(rs).hasSize(50).allSatisfy(r -> assertThat(r.value()).isEqualTo(new Reply(3, -1, r.from())));
    assertThat(framesFromCaller.get()).isPositive().isLessThanOrEqualTo(neighbours.size());
    assertThat(recipientsCarried.get()).isEqualTo(50);
  }

  @Test
  void wrongArgumentTypesAreRemoteErrorsThatSayWhatWasExpected() {
    RpcSim m = RpcSim.of(3, 24);
    List<Response<Reply>> rs =
        m.await(m.rpc("n0").callAsync(List.of("n1"), "Arith.sumDiff", "not args", Reply.class, TWO_SECONDS), TWO_SECONDS);
    assertThat(rs.get(0).status()).isEqualTo(Status.REMOTE_ERROR);
    assertThat(rs.get(0).errorClass()).isEqualTo(IllegalArgumentException.class.getName());
    assertThat(rs.get(0).error()).contains("Arith.sumDiff takes " + Args.class.getName()).contains("java.lang.String");
    List<Response<Integer>> nullToInt =
        m.await(m.rpc("n0").callAsync(List.of("n1"), "Arith.increment", null, Integer.class, TWO_SECONDS), TWO_SECONDS);
    assertThat(nullToInt.get(0).status()).isEqualTo(Status.REMOTE_ERROR);
    assertThat(nullToInt.get(0).error()).contains("got null");
    List<Response<Integer>> wrongReply =
        m.await(m.rpc("n0").callAsync(List.of("n1"), "Arith.sumDiff", new Args(1, 1), Integer.class, TWO_SECONDS),
            TWO_SECONDS);
    assertThat(wrongReply.get(0).status()).isEqualTo(Status.REMOTE_ERROR);
    assertThat(wrongReply.get(0).errorClass()).isEqualTo(ClassCastException.class.getName());
    assertThatThrownBy(() -> m.rpc("n0").callAsync(List.of("n1"), "Arith.sumDiff", new Object(), Reply.class, TWO_SECONDS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
  }

  @Test
  void voidMethodAnswersOkWithNullAndCastRunsWithoutReplies() {
    RpcSim m = RpcSim.of(4, 25);
    Arith counting = new Arith("n3");
    m.rpc("n3").unregister("Arith");
    m.rpc("n3").register(counting);
    List<Response<Void>> rs =
        m.await(m.rpc("n0").callAsync(List.of("n3"), "Arith.count", "x", Void.class, TWO_SECONDS), TWO_SECONDS);
    assertThat(rs.get(0).status()).isEqualTo(Status.OK);
    assertThat(rs.get(0).value()).isNull();
    long repliesBefore = m.rpc("n0").stats().get(RpcCounter.LATE_REPLIES);
    Delivery d = m.await(m.rpc("n0").cast(List.of("n3", "ghost"), "Arith.count", "y"), TWO_SECONDS);
    assertThat(d.delivered()).containsExactly("n3");
    assertThat(d.failed()).containsKey("ghost");
    m.sim.runFor(Duration.ofMillis(100));
    assertThat(counting.casts.get()).isEqualTo(2);
    assertThat(m.rpc("n0").stats().get(RpcCounter.LATE_REPLIES)).isEqualTo(repliesBefore);
  }
}
