package io.meshage.cli;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The remote allowlist: what is not listed is refused, named, whatever the shell grows. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RemoteCommandsTest {
  @Test
  void everyMeshCommandThatChangesTheNodeIsRefusedAndEveryListedOneRuns() {
    List<String> refused = new ArrayList<>();
    for (String sub : ShellCommands.MESH_COMMANDS) {
      if (RemoteCommands.refusal("mesh " + sub + " x", false, "n") != null) {
        refused.add(sub);
      }
    }
    assertThat(refused).contains("degree", "dial", "hangup", "timeout", "msa", "dot", "send", "watch", "wait", "key");
    assertThat(RemoteCommands.refusal("mesh tag role=web", false, "n")).startsWith("'mesh tag' with KEY=VALUE is refused");
    assertThat(RemoteCommands.refusal("mesh tag role", false, "n")).isNull();
    for (Map.Entry<String, RemoteCommands.Arguments> e : RemoteCommands.READ_ONLY.entrySet()) {
      String line = e.getValue() == RemoteCommands.Arguments.ONE_PATH ? e.getKey() + " x.img" : e.getKey();
      assertThat(RemoteCommands.refusal(line, false, "n")).as(line).isNull();
    }
  }

  @Test
  void fileGetRunsRemotelyWithOnePathAndFileDeleteDoesNot() {
    assertThat(RemoteCommands.refusal("file get images/x.img", false, "n")).isNull();
    assertThat(RemoteCommands.refusal("file list **", false, "n")).isNull();
    assertThat(RemoteCommands.refusal("file status", false, "n")).isNull();
    assertThat(RemoteCommands.refusal("file get", false, "n")).isEqualTo("'file get' takes one path through mesh send");
    assertThat(RemoteCommands.refusal("file get a b", false, "n")).isEqualTo("'file get' takes one path through mesh send");
    assertThat(RemoteCommands.refusal("file delete x.img", false, "n")).startsWith("'file delete' is refused");
  }

  @Test
  void anUnlistedCommandIsRefusedByNameAndShellNeedsAllowShell() {
    assertThat(RemoteCommands.refusal("mesh frobnicate now", true, "n"))
        .startsWith("'mesh frobnicate' is refused through mesh send: remote commands are read-only");
    assertThat(RemoteCommands.refusal("quit", true, "n")).startsWith("'quit' is refused");
    assertThat(RemoteCommands.refusal("rpc call all Node.info", true, "n")).startsWith("'rpc call' is refused");
    assertThat(RemoteCommands.refusal("shell touch x", false, "n"))
        .isEqualTo("shell commands are disabled on n (start it with --allow-shell)");
    assertThat(RemoteCommands.refusal("shell touch x", true, "n")).isNull();
    assertThat(RemoteCommands.refusal("echo any words at all", false, "n")).isNull();
  }
}
