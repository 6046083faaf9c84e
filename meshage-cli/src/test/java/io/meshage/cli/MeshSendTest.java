package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.MeshNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** mesh send as minimega operators type it, on three nodes in one JVM (n1 - n2 - n3 on loopback). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MeshSendTest {
  private final List<MeshNode> nodes = new ArrayList<>();
  private final List<Session> sessions = new ArrayList<>();

  @BeforeEach
  void threeNodes() throws IOException, InterruptedException {
    for (int i = 1; i <= 3; i++) {
      nodes.add(LocalNodes.start(LocalNodes.config("n" + i, 0).degree(0)));
      sessions.add(Session.attach(nodes.get(i - 1), i > 1));
    }
    nodes.get(0).dial(ShellCommands.hostPort(nodes.get(1)));
    nodes.get(1).dial(ShellCommands.hostPort(nodes.get(2)));
    nodes.get(2).setTag("role", "web");
    assertThat(LocalNodes.eventually(nodes,
        () -> nodes.stream().allMatch(n -> n.mesh().size() == 3) && nodes.get(0).tagsOf("n3").containsKey("role"),
        Duration.ofSeconds(10))).isTrue();
  }

  @AfterEach
  void close() {
    sessions.forEach(Session::close);
    nodes.forEach(MeshNode::close);
  }

  private List<String> run(String line) {
    return sessions.get(0).commands().execute(line, false).lines();
  }

  @Test
  void rangesTagsAndAllPickExactlyTheirNodes() {
    assertThat(run("mesh send n[2-3] mesh degree")).containsExactlyInAnyOrder("n2: 0", "n3: 0");
    assertThat(run("mesh send tag:role=web mesh degree")).containsExactly("n3: 0");
    assertThat(run("mesh send all mesh degree")).containsExactlyInAnyOrder("n2: 0", "n3: 0");
    assertThat(run("mesh send n[1-2],tag:role=web echo x")).containsExactlyInAnyOrder("n1: x", "n2: x", "n3: x");
    assertThat(run("mesh send tag:role=db echo x")).containsExactly("error: no node matches 'tag:role=db'");
    assertThat(run("mesh send n[1- echo x")).singleElement().asString().startsWith("error: '[' without ']'");
  }

  @Test
  void aNodeThatDoesNotServeMeshSendFailsWithThatReason() {
    sessions.get(2).close();
    assertThat(run("mesh send n3 echo x"))
        .containsExactly("n3: failed: node n3 does not serve mesh send (not a meshage node shell)");
  }

  @Test
  void aNodeWhoseShellComesUpLateIsAskedAgain() throws Exception {
    sessions.get(2).close();
    CompletableFuture<List<String>> answer = CompletableFuture.supplyAsync(() -> run("mesh send n3 echo late"));
    // the shell of n3 registers after the first ask was answered "no handler" (as on a node that just joined)
    CompletableFuture<Session> late = new CompletableFuture<>();
    CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS)
        .execute(() -> late.complete(Session.attach(nodes.get(2), true)));
    try {
      assertThat(answer.get(20, TimeUnit.SECONDS)).containsExactly("n3: late");
    } finally {
      late.get(10, TimeUnit.SECONDS).close();
    }
  }

  @Test
  void linesStreamAsTheyComeAndAnswersNeedNoTimeout() throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    CompletableFuture<Reply> done = CompletableFuture.supplyAsync(
        () -> sessions.get(0).commands().run("mesh send n3 shell echo first; sleep 2; echo second", false, lines::add));
    assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo("n3: first");
    assertThat(done).as("the command still runs when its first line is printed").isNotDone();
    assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo("n3: second");
    assertThat(done.get(10, TimeUnit.SECONDS).ok()).isTrue();
  }

  @Test
  void longOutputArrivesWholeAndInOrder() {
    List<String> out = run("mesh send n3 shell seq 1 20000");
    assertThat(out).hasSize(20000);
    for (int i = 0; i < out.size(); i++) {
      assertThat(out.get(i)).isEqualTo("n3: " + (i + 1));
    }
  }

  @Test
  void aTimeoutFailsTheSlowTargetAndStopsItsCommand() throws Exception {
    assertThat(run("mesh timeout 1s")).containsExactly("mesh send timeout 1s");
    List<String> out = run("mesh send n2,n3 shell echo $$; sleep 30");
    assertThat(out).hasSize(4);
    assertThat(out).contains("n2: failed: timeout after 1s", "n3: failed: timeout after 1s");
    for (String line : out) {
      if (!line.contains("failed")) {
        assertThat(exits(Long.parseLong(line.substring(4)))).as("the shell of " + line + " was killed").isTrue();
      }
    }
  }

  @Test
  void anInterruptCancelsTheSendAndTheRemoteCommand() throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    CompletableFuture<Thread> runner = new CompletableFuture<>();
    CompletableFuture<Reply> done = CompletableFuture.supplyAsync(() -> {
      runner.complete(Thread.currentThread());
      return sessions.get(0).commands().run("mesh send n3 shell echo $$; sleep 30", false, lines::add);
    });
    String pid = lines.poll(10, TimeUnit.SECONDS);
    assertThat(pid).startsWith("n3: ");
    runner.get().interrupt();
    Reply r = done.get(5, TimeUnit.SECONDS);
    assertThat(r.lines()).containsExactly("error: mesh send cancelled; asked to stop: n3");
    assertThat(exits(Long.parseLong(pid.substring(4)))).isTrue();
  }

  @Test
  void aTargetThatLeavesAnswersFailedAtOnce() throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    CompletableFuture<Reply> done = CompletableFuture.supplyAsync(
        () -> sessions.get(0).commands().run("mesh send n3 shell echo started; sleep 30", false, lines::add));
    assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo("n3: started");
    long t0 = System.nanoTime();
    sessions.get(2).close();
    nodes.get(2).close();
    assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo("n3: failed: left (said bye)");
    assertThat(done.get(5, TimeUnit.SECONDS).ok()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
  }

  /** True when process {@code pid} ends within 5 s (long before its {@code sleep 30} would). */
  static boolean exits(long pid) throws Exception {
    java.util.Optional<ProcessHandle> p = ProcessHandle.of(pid);
    if (p.isEmpty()) {
      return true;
    }
    try {
      p.get().onExit().get(5, TimeUnit.SECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    }
  }
}
