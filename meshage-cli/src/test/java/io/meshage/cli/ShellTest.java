package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.MeshNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The node shell driven through a piped input, as a testbed script drives it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ShellTest {
  private MeshNode n1;
  private MeshNode n2;
  private Session s1;
  private Session s2;

  @BeforeEach
  void twoLinkedNodes() throws IOException, InterruptedException {
    n1 = LocalNodes.start(LocalNodes.config("n1", 0).degree(0));
    n2 = LocalNodes.start(LocalNodes.config("n2", 0).degree(0));
    s1 = Session.attach(n1, false);
    s2 = Session.attach(n2, true);
    n1.dial(ShellCommands.hostPort(n2));
    assertThat(
            LocalNodes.eventually(List.of(n1, n2),
                () -> n1.mesh().size() == 2 && n2.mesh().size() == 2, Duration.ofSeconds(10)))
        .as("both nodes know the two-node mesh")
        .isTrue();
  }

  @AfterEach
  void close() {
    s1.close();
    s2.close();
    n1.close();
    n2.close();
  }

  private List<String> run(Session session, String... lines) throws IOException {
    StringWriter out = new StringWriter();
    LineSource source =
        LineSource.plain(
            new BufferedReader(new StringReader(String.join("\n", lines) + "\n")),
            new PrintWriter(out));
    new Shell(session.commands(), source).run();
    return out.toString().lines().toList();
  }

  @Test
  void listAndStatus() throws IOException {
    List<String> out = run(s1, "mesh list", "mesh status");
    assertThat(out).startsWith("n1: n2", "n2: n1");
    assertThat(out)
        .contains("name: n1", "namespace: test", "degree: 0", "neighbours: n2", "mesh size: 2");
    assertThat(out).anyMatch(l -> l.startsWith("listening: 127.0.0.1:"));
    assertThat(out).contains("mesh endpoint: 127.0.0.1:" + n1.listenAddress().getPort(), "endpoint: -",
        "status: online");
    n1.cluster().setEndpoint("192.0.2.5:7000");
    assertThat(run(s1, "mesh status")).contains("endpoint: 192.0.2.5:7000");
  }

  @Test
  void settingsCanBeShownAndChanged() throws IOException {
    List<String> out =
        run(s1, "mesh degree", "mesh degree 4", "mesh degree", "mesh msa 2.5", "mesh msa", "mesh timeout",
            "mesh timeout 3s", "mesh timeout", "mesh timeout 0", "mesh timeout");
    assertThat(out).containsExactly("0", "degree 4", "4", "msa period 2.5s", "2.5s", "0 (no limit)",
        "mesh send timeout 3s", "3s", "mesh send timeout 0 (no limit)", "0 (no limit)");
    assertThat(n1.degree()).isEqualTo(4);
    assertThat(n1.msaPeriod()).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void badLinesGiveOneErrorLineAndTheShellGoesOn() throws IOException {
    List<String> out =
        run(
            s1,
            "bogus",
            "mesh",
            "mesh frobnicate",
            "mesh degree many",
            "mesh degree 1 2",
            "mesh msa -1",
            "mesh hangup nobody",
            "mesh dial nowhere",
            "mesh send",
            "",
            "# a comment",
            "echo still here");
    assertThat(out).hasSize(10);
    assertThat(out.subList(0, 9)).allMatch(l -> l.startsWith("error: "));
    assertThat(out.get(9)).isEqualTo("still here");
  }

  @Test
  void quitEndsTheShellAndLaterLinesAreNotRun() throws IOException {
    assertThat(run(s1, "echo a", "quit", "echo b")).containsExactly("a");
  }

  @Test
  void meshWaitReturnsAtTheSizeOrSaysWhyNot() throws IOException {
    assertThat(run(s1, "mesh wait 2")).containsExactly("mesh size 2");
    assertThat(run(s1, "mesh wait 5 200ms")).singleElement().asString()
        .startsWith("error: mesh size is 2, not 5");
    assertThat(run(s1, "mesh wait")).singleElement().asString().startsWith("error: ");
  }

  @Test
  void hangupDropsTheLink() throws IOException, InterruptedException {
    assertThat(run(s1, "mesh hangup n2")).containsExactly("hung up n2");
    assertThat(LocalNodes.eventually(List.of(n1), () -> n1.mesh().size() == 1, Duration.ofSeconds(5)))
        .isTrue();
  }

  @Test
  void dotGoesToStdoutOrAFile(@TempDir Path dir) throws IOException {
    List<String> out = run(s1, "mesh dot");
    assertThat(String.join("\n", out)).contains("n1").contains("n2").contains("--");
    Path file = dir.resolve("mesh.dot");
    assertThat(run(s1, "mesh dot " + file)).containsExactly("wrote " + file);
    assertThat(Files.readString(file)).contains("n2");
  }

  @Test
  void sendRunsTheCommandOnEveryNodeAndPrefixesAnswers() throws IOException {
    assertThat(run(s1, "mesh send all mesh degree")).as("all is every other node").containsExactly("n2: 0");
    assertThat(run(s1, "mesh send n1,n2 mesh degree")).containsExactlyInAnyOrder("n1: 0", "n2: 0");
    assertThat(run(s1, "mesh send n2 mesh list")).containsExactly("n2: n1: n2", "n2: n2: n1");
  }

  @Test
  void rpcCallsNodeInfoOnEveryNodeAndReportsEachTarget() throws IOException {
    assertThat(run(s1, "rpc methods")).containsExactly("Node.info");
    assertThat(run(s1, "rpc call all Node.info"))
        .containsExactly("n2: OK name=n2 degree=0 neighbours=n1 mesh=2");
    assertThat(run(s1, "rpc call n1,n2,ghost Node.nope x"))
        .containsExactly(
            "n1: NO_SUCH_METHOD node n1 has no RPC method Node.nope",
            "n2: NO_SUCH_METHOD node n2 has no RPC method Node.nope",
            "ghost: UNREACHABLE node ghost is unreachable: it is not in the mesh of n1");
    assertThat(run(s1, "rpc call")).containsExactly("error: usage: rpc methods | rpc call <all|n1,n2> METHOD [TEXT]");
  }

  @Test
  void sendReportsUnreachableNodes() throws IOException {
    assertThat(run(s1, "mesh send n2,ghost echo hi"))
        .containsExactlyInAnyOrder("ghost: failed: unreachable", "n2: hi");
  }

  @Test
  void shellIsRefusedUnlessAllowedAlsoRemotely() throws IOException {
    assertThat(run(s1, "shell echo hi")).singleElement().asString()
        .startsWith("error: shell commands are disabled on n1");
    assertThat(run(s2, "shell echo hi")).containsExactly("hi");
    assertThat(run(s2, "mesh send n1 shell echo hi")).singleElement().asString()
        .startsWith("n1: error: shell commands are disabled on n1");
    assertThat(run(s1, "mesh send n2 shell echo hi")).containsExactly("n2: hi");
  }

  @Test
  void remoteLinesMayNotQuitOrRelay() throws IOException {
    assertThat(run(s1, "mesh send n2 quit")).singleElement().asString().startsWith("n2: error:");
    assertThat(run(s1, "mesh send n2 mesh send all echo x")).singleElement().asString()
        .startsWith("n2: error:");
    assertThat(run(s2, "echo n2 still runs")).containsExactly("n2 still runs");
  }

  @Test
  void remoteLinesRunOnlyReadOnlyCommandsAndARefusalNamesTheCommand(@TempDir Path dir) throws IOException {
    Path dot = dir.resolve("written-by-a-peer.dot");
    assertThat(run(s1, "mesh send n2 mesh dot " + dot)).singleElement().asString()
        .startsWith("n2: error: 'mesh dot' with arguments is refused through mesh send");
    assertThat(dot).doesNotExist();
    int degree = n2.degree();
    assertThat(run(s1, "mesh send n2 mesh degree " + (degree + 3))).singleElement().asString()
        .startsWith("n2: error: 'mesh degree' with arguments is refused");
    assertThat(n2.degree()).isEqualTo(degree);
    assertThat(run(s1, "mesh send n2 mesh hangup n1")).singleElement().asString()
        .startsWith("n2: error: 'mesh hangup' is refused through mesh send: remote commands are read-only");
    assertThat(n2.neighbors()).contains("n1");
    assertThat(run(s1, "mesh send n2 mesh dial 127.0.0.1:1")).singleElement().asString()
        .startsWith("n2: error: 'mesh dial' is refused");
    assertThat(run(s1, "mesh send n2 mesh timeout 1")).singleElement().asString()
        .startsWith("n2: error: 'mesh timeout' with arguments is refused");
    assertThat(run(s1, "mesh send n2 mesh key install AAAA")).singleElement().asString()
        .startsWith("n2: error: 'mesh key install' is refused");
    // Read-only commands still answer.
    assertThat(run(s1, "mesh send n2 mesh degree")).containsExactly("n2: " + n2.degree());
    assertThat(run(s1, "mesh send n2 mesh list")).contains("n2: n1: n2", "n2: n2: n1");
    assertThat(run(s1, "mesh send n2 mesh dot")).first().asString().startsWith("n2: ");
    assertThat(run(s1, "mesh send n2 echo still here")).containsExactly("n2: still here");
  }
}
