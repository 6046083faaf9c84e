package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.MembershipEvent;
import io.meshage.MeshNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Tags, JSON output, mesh watch and shell limits on two linked nodes in one JVM. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ShellFeaturesTest {
  private MeshNode n1;
  private MeshNode n2;
  private Session s1;
  private Session s2;

  @BeforeEach
  void twoLinkedNodes() throws IOException, InterruptedException {
    n1 = LocalNodes.start(LocalNodes.config("n1", 0).degree(0));
    n2 = LocalNodes.start(LocalNodes.config("n2", 0).degree(0));
    s1 = Session.attach(n1, new ShellSettings(true, Duration.ZERO, Duration.ofMillis(500), false));
    s2 = Session.attach(n2, new ShellSettings(true, Duration.ZERO, Duration.ZERO, true));
    n1.dial(ShellCommands.hostPort(n2));
    assertThat(LocalNodes.eventually(List.of(n1, n2), () -> n1.mesh().size() == 2 && n2.mesh().size() == 2,
        Duration.ofSeconds(10))).isTrue();
  }

  @AfterEach
  void close() {
    s1.close();
    s2.close();
    n1.close();
    n2.close();
  }

  private static List<String> run(Session s, String line) {
    return s.commands().execute(line, false).lines();
  }

  @Test
  void tagsAreSetShownRemovedListedAndRefusedRemotely() throws InterruptedException {
    assertThat(run(s1, "mesh tag role=web")).containsExactly("tag role=web");
    assertThat(run(s1, "mesh tag rack=r1")).containsExactly("tag rack=r1");
    assertThat(run(s1, "mesh tag")).containsExactly("rack=r1", "role=web");
    assertThat(run(s1, "mesh tag role")).containsExactly("role=web");
    assertThat(run(s1, "mesh tag zone")).containsExactly("error: no tag zone");
    assertThat(run(s1, "mesh tag bad key=x")).singleElement().asString().startsWith("error: unexpected");
    assertThat(run(s1, "mesh tag ré=x")).singleElement().asString().contains("A-Z, a-z, 0-9");
    assertThat(run(s1, "mesh status")).contains("tags: rack=r1 role=web");
    assertThat(LocalNodes.eventuallyQuietly(() -> n2.tagsOf("n1").size() == 2)).isTrue();
    assertThat(run(s2, "mesh send n1 mesh tag role=db")).singleElement().asString()
        .contains("n1", "refused through mesh send");
    assertThat(run(s2, "mesh send n1 mesh tag")).containsExactly(
        "{\"node\":\"n1\",\"line\":\"rack=r1\"}", "{\"node\":\"n1\",\"line\":\"role=web\"}");
    assertThat(run(s1, "mesh tag role=")).containsExactly("removed tag role");
    assertThat(run(s1, "mesh list")).containsExactly("n1: n2 [rack=r1]", "n2: n1");
    assertThat(run(s1, "mesh list all")).containsExactly("n1", "n2");
    assertThat(run(s1, "mesh list peers")).containsExactly("n2");
    assertThat(run(s1, "mesh list some")).containsExactly("error: usage: mesh list [all|peers]");
  }

  @Test
  void jsonListStatusAndSendPrintOneObjectPerLine() {
    n1.setTag("role", "web");
    assertThat(LocalNodes.eventuallyQuietly(() -> n2.tagsOf("n1").containsKey("role"))).isTrue();
    assertThat(run(s2, "mesh list")).containsExactly(
        "{\"node\":\"n1\",\"neighbours\":[\"n2\"],\"tags\":{\"role\":\"web\"}}",
        "{\"node\":\"n2\",\"neighbours\":[\"n1\"],\"tags\":{}}");
    String status = run(s2, "mesh status").get(0);
    assertThat(status).startsWith("{\"name\":\"n2\",\"namespace\":\"test\",\"listening\":\"127.0.0.1:")
        .contains("\"meshSize\":2", "\"neighbours\":[\"n1\"]", "\"sendTimeoutMillis\":0");
    assertThat(run(s2, "mesh send n1,ghost echo a \"quoted\" word")).containsExactlyInAnyOrder(
        "{\"node\":\"n1\",\"line\":\"a \\\"quoted\\\" word\"}", "{\"node\":\"ghost\",\"failed\":\"unreachable\"}");
  }

  @Test
  void watchStreamsEventsUntilInterrupted() throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    CompletableFuture<Thread> runner = new CompletableFuture<>();
    CompletableFuture<Reply> done = CompletableFuture.supplyAsync(() -> {
      runner.complete(Thread.currentThread());
      return s1.commands().run("mesh watch", false, lines::add);
    });
    Thread watching = runner.get();
    // the watch subscribes once its thread runs, and other attribute changes (the cluster status)
    // may come first: retag (bounded) until the watch prints the tag's own UPDATED
    String updated = null;
    for (int i = 0; updated == null && i < 50; i++) {
      n2.setTag("step", Integer.toString(i));
      for (String l = lines.poll(200, TimeUnit.MILLISECONDS); l != null && updated == null;
          l = lines.poll(200, TimeUnit.MILLISECONDS)) {
        updated = l.contains("changed tag step") ? l : null;
      }
    }
    assertThat(updated).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} UPDATED n2 127\\.0\\.0\\.1 \\[step=\\d+\\] \\(changed tag step\\)");
    lines.clear();
    n2.close();
    String next = lines.poll(10, TimeUnit.SECONDS);
    while (next != null && next.matches(".* UPDATED n2 .*\\(changed tag step\\)")) {
      next = lines.poll(10, TimeUnit.SECONDS); // retags the watch saw after the first
    }
    assertThat(next).as("close() marks it OFFLINE first").matches(".* UPDATED n2 .*\\(changed status\\)");
    assertThat(lines.poll(10, TimeUnit.SECONDS)).matches(".* LINK_DOWN n2 .*");
    assertThat(lines.poll(10, TimeUnit.SECONDS)).matches(".* LEFT n2 127\\.0\\.0\\.1 .*\\(said bye\\)");
    watching.interrupt();
    assertThat(done.get(5, TimeUnit.SECONDS).ok()).isTrue();
  }

  @Test
  void watchPrintsOneJsonObjectPerEventInJsonFormat() {
    MembershipEvent e = new MembershipEvent(MembershipEvent.Type.LEFT, "n3", 7, "127.0.0.1", Map.of("role", "web"),
        "said bye");
    assertThat(new MeshInfo(n1, true).format(e)).matches(
        "\\{\"time\":\"\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\",\"event\":\"LEFT\",\"node\":\"n3\","
            + "\"address\":\"127\\.0\\.0\\.1\",\"tags\":\\{\"role\":\"web\"\\},\"reason\":\"said bye\"\\}");
    assertThat(new MeshInfo(n1, false).format(e)).endsWith(" LEFT n3 127.0.0.1 [role=web] (said bye)");
  }

  @Test
  void helpListsEveryNewCommand() {
    List<String> help = run(s1, "help");
    for (String command : List.of("mesh timeout [DURATION]", "mesh msa [DURATION]", "mesh tag [KEY[=VALUE]]",
        "mesh send TARGETS CMD", "mesh watch [DURATION]", "mesh list [all|peers]", "shell CMD")) {
      assertThat(help).as(command).anyMatch(l -> l.startsWith(command));
    }
    assertThat(ShellCommands.MESH_COMMANDS).contains("msa", "tag", "watch", "timeout");
  }

  @Test
  void shellStreamsHasALimitWhenSetAndRemoteWatchIsRefused() {
    assertThat(run(s1, "shell echo one; echo two; exit 3")).containsExactly("one", "two", "exit status 3");
    assertThat(run(s1, "shell echo started; sleep 5")).containsExactly("started", "error: shell command killed after 500ms");
    assertThat(run(s1, "mesh send n2 mesh watch")).singleElement().asString()
        .startsWith("n2: error: 'mesh watch' is refused through mesh send");
    assertThat(run(s1, "mesh stauts")).containsExactly("error: unknown mesh command 'stauts' (did you mean 'status'?)");
    assertThat(run(s1, "mesj list")).containsExactly("error: unknown command 'mesj' (did you mean 'mesh'?)");
  }

  @Test
  void dotSaysWhatIsWrongWithAFileNameAndNeverWritesTextUnderAPictureName(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("missing").resolve("x.svg");
    assertThat(run(s1, "mesh dot " + missing)).containsExactly(
        "error: mesh dot " + missing + ": folder " + missing.getParent() + " does not exist");
    assertThat(run(s1, "mesh dot " + dir.resolve("x.txt"))).singleElement().asString()
        .contains("cannot write .txt: use .dot or .gv (text), or .svg, .png or .pdf");
    Path pdf = dir.resolve("x.pdf");
    List<String> out = run(s1, "mesh dot " + pdf);
    if (DotFiles.graphviz().isPresent()) {
      assertThat(out).containsExactly("wrote " + pdf);
      assertThat(Files.readAllBytes(pdf)).startsWith("%PDF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    } else {
      assertThat(out).singleElement().asString().contains("needs graphviz's 'dot'");
      assertThat(pdf).doesNotExist();
    }
  }

  @Test
  void eventHandlersRunWithTheEventInTheirEnvironmentAndLogTheirOutput(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("event");
    EventHandlers handlers = new EventHandlers("n1", List.of(
        EventHandlers.Handler.parse("failed=echo \"$MESHAGE_EVENT $MESHAGE_NODE $MESHAGE_ADDRESS $MESHAGE_TAGS $MESHAGE_SELF\" > " + file + ".tmp && mv " + file + ".tmp " + file),
        EventHandlers.Handler.parse("joined=exit 1")), Duration.ofSeconds(5));
    try (handlers) {
      handlers.accept(new MembershipEvent(MembershipEvent.Type.FAILED, "n3", 7, "127.0.0.1",
          Map.of("role", "web", "rack", "r1"), "unreachable"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!Files.exists(file) && System.nanoTime() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
      }
      assertThat(Files.readString(file).strip()).isEqualTo("failed n3 127.0.0.1 rack=r1,role=web n1");
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventHandlers.Handler.parse("crashed=x"))
        .hasMessageContaining("joined, left, failed, restarted, updated, link-up, link-down or *");
  }
}
