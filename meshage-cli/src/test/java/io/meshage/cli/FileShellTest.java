package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.MeshNode;
import io.meshage.file.FileConfig;
import io.meshage.file.TransferStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell's file commands on three nodes in one JVM (loopback): n1 serves a file, {@code mesh
 * send all file get} fans it out, {@code file list} shows who has it, {@code file status} and
 * {@code file delete} work here, and a node without files says how to turn them on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FileShellTest {
  private final List<MeshNode> nodes = new ArrayList<>();
  private final List<Session> sessions = new ArrayList<>();
  @TempDir Path dir;
  private byte[] bytes;

  @BeforeEach
  void threeNodes() throws Exception {
    for (int i = 1; i <= 3; i++) {
      FileConfig files = FileConfig.builder(dir.resolve("n" + i)).partSize(64 * 1024).build();
      nodes.add(LocalNodes.start(LocalNodes.config("n" + i, 0).degree(0).files(files)));
      sessions.add(Session.attach(nodes.get(i - 1), false));
    }
    nodes.get(0).dial(ShellCommands.hostPort(nodes.get(1)));
    nodes.get(1).dial(ShellCommands.hostPort(nodes.get(2)));
    assertThat(LocalNodes.eventually(nodes, () -> nodes.stream().allMatch(n -> n.mesh().size() == 3),
        Duration.ofSeconds(10))).isTrue();
    bytes = new byte[300_000];
    new Random(7).nextBytes(bytes);
    Files.createDirectories(dir.resolve("n1/images"));
    Files.write(dir.resolve("n1/images/x.img"), bytes);
  }

  @AfterEach
  void close() {
    sessions.forEach(Session::close);
    nodes.forEach(MeshNode::close);
  }

  private List<String> run(int node, String line) {
    return sessions.get(node - 1).commands().execute(line, false).lines();
  }

  @Test
  void meshSendAllFileGetFansAFileOutAndFileListShowsWhoHasIt() throws Exception {
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    assertThat(run(1, "mesh send all file get images/x.img")).containsExactlyInAnyOrder(
        "n2: fetching images/x.img (file status shows its progress)",
        "n3: fetching images/x.img (file status shows its progress)");
    for (int n = 2; n <= 3; n++) {
      MeshNode node = nodes.get(n - 1);
      try {
        node.files().get("images/x.img").future().get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((th, st) -> {
          if (th.getName().contains("files") || th.getName().contains("handler")) {
            dump.append(th.getName()).append(' ').append(th.getState()).append('\n');
            for (StackTraceElement el : st) {
              dump.append("  ").append(el).append('\n');
            }
          }
        });
        throw new AssertionError("n" + n + ": " + node.files().status() + "\n" + dump, e);
      }
      assertThat(Files.readAllBytes(dir.resolve("n" + n + "/images/x.img"))).isEqualTo(bytes);
    }
    assertThat(run(2, "file status")).singleElement().asString()
        .startsWith("images/x.img [####################] 100% ")
        .contains(" done 300000/300000 bytes");
    assertThat(run(2, "file list images/*")).containsExactly("images/x.img 300000 " + sha + " n1 n2 n3");
    assertThat(run(3, "mesh send n2 file delete images/x.img")).singleElement().asString()
        .startsWith("n2: error: 'file delete' is refused through mesh send");
    assertThat(run(2, "file delete images/x.img")).containsExactly("deleted images/x.img");
    assertThat(run(2, "file list **")).containsExactly("images/x.img 300000 " + sha + " n1 n3");
  }

  @Test
  void aLocalGetWaitsAndPrintsItsProgressThenWhereTheFileLanded() throws Exception {
    List<String> out = run(3, "file get images/x.img");
    assertThat(out.get(0)).startsWith("images/x.img [");
    assertThat(out.get(out.size() - 1))
        .isEqualTo("fetched images/x.img (300000 bytes) to " + dir.resolve("n3/images/x.img").toRealPath());
    assertThat(nodes.get(2).files().status()).extracting(TransferStatus::state).containsExactly(TransferStatus.State.DONE);
    assertThat(run(3, "file get ../etc/passwd")).singleElement().asString().contains("..");
    assertThat(run(3, "file get nope")).singleElement().asString().contains("no node has nope");
    assertThat(run(3, "file frob")).singleElement().asString().startsWith("error: unknown file command 'frob'");
  }

  @Test
  void aNodeWithoutFilesSaysHowToTurnThemOn() throws Exception {
    MeshNode off = LocalNodes.start(LocalNodes.config("off", 0).degree(0));
    nodes.add(off);
    Session s = Session.attach(off, false);
    sessions.add(s);
    assertThat(s.commands().execute("file status", false).lines()).singleElement().asString()
        .contains("files are off on off").contains("--files DIR");
    assertThatThrownBy(off::files).isInstanceOf(IllegalStateException.class);
  }
}
