package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.NamespaceKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --key-file}, {@code --allow-shell} without a key, and the {@code mesh key} commands. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KeyShellTest {
  private static final byte[] K1 = key(1);
  private static final byte[] K2 = key(2);

  private static byte[] key(int fill) {
    byte[] k = new byte[32];
    java.util.Arrays.fill(k, (byte) fill);
    return k;
  }

  private static NodeCommand parse(String... args) {
    NodeCommand c = new NodeCommand();
    CommandLine cl = new CommandLine(c);
    cl.parseArgs(args);
    c.spec = cl.getCommandSpec();
    return c;
  }

  @Test
  void allowShellRefusesToStartWithoutAKeyUnlessInsecureShellIsGiven(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> parse("--name", "n1", "--allow-shell").config())
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--allow-shell needs a namespace key")
        .hasMessageContaining("--insecure-shell");
    assertThat(parse("--name", "n1", "--allow-shell", "--insecure-shell").config().keyed()).isFalse();
    Path file = dir.resolve("keys");
    Files.writeString(file, "# namespace keys\n" + Base64.getEncoder().encodeToString(K1) + "\n\n"
        + Base64.getEncoder().encodeToString(K2) + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    MeshConfig keyed = parse("--name", "n1", "--allow-shell", "--key-file", file.toString(), "--strict").config();
    assertThat(keyed.keys()).hasSize(2);
    assertThat(keyed.keys().get(0)).isEqualTo(K1);
    assertThat(keyed.strict()).isTrue();
  }

  /** A private key file (mode 600) holding {@code text}. */
  private static Path privateFile(Path dir, String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    return p;
  }

  @Test
  void badKeyFilesNameTheProblem(@TempDir Path dir) throws Exception {
    Path bad = privateFile(dir, "bad", "not base64 !!\n");
    assertThatThrownBy(() -> parse("--name", "n1", "--key-file", bad.toString()).config())
        .hasMessageContaining("--key-file: " + bad + " line 1 is not base64");
    Path shortKey = privateFile(dir, "short", Base64.getEncoder().encodeToString(new byte[8]) + "\n");
    assertThatThrownBy(() -> parse("--name", "n1", "--key-file", shortKey.toString()).config())
        .hasMessageContaining("--key-file: " + shortKey + " line 1 holds a key of 8 bytes; a key is 16-64 bytes");
    Path comments = privateFile(dir, "comments", "# nothing\n");
    assertThatThrownBy(() -> parse("--name", "n1", "--key-file", comments.toString()).config())
        .hasMessageContaining("holds no key");
    Path empty = privateFile(dir, "empty", "");
    assertThatThrownBy(() -> parse("--name", "n1", "--key-file", empty.toString()).config())
        .hasMessageContaining("--key-file: " + empty + " is empty");
    assertThatThrownBy(() -> parse("--name", "n1", "--key-file", dir.resolve("missing").toString()).config())
        .hasMessageContaining("--key-file: " + dir.resolve("missing") + " does not exist");
    assertThatThrownBy(() -> parse("--name", "n1", "--key-file", dir.toString()).config())
        .hasMessageContaining("--key-file: " + dir + " is a directory");
  }

  @Test
  void keyFilesOthersCanReadOrWriteAreRefusedWithTheChmodToRun(@TempDir Path dir) throws Exception {
    String key = Base64.getEncoder().encodeToString(K1) + "\n";
    for (String mode : new String[] {"rw-r--r--", "rw-rw----", "rw----r--", "rw-----w-"}) {
      Path open = privateFile(dir, "open-" + mode, key);
      Files.setPosixFilePermissions(open, PosixFilePermissions.fromString(mode));
      assertThatThrownBy(() -> parse("--name", "n1", "--key-file", open.toString()).config())
          .as(mode)
          .hasMessageContaining("--key-file: " + open + " is accessible by others (" + mode + ")")
          .hasMessageContaining("run: chmod 600 " + open);
    }
    Path ownerOnly = privateFile(dir, "private", key);
    Files.setPosixFilePermissions(ownerOnly, PosixFilePermissions.fromString("r--------"));
    assertThat(parse("--name", "n1", "--key-file", ownerOnly.toString()).config().keys()).hasSize(1);
  }

  @Test
  void meshKeyCommandsRotateAndRemoteLinesMayOnlyList() throws Exception {
    MeshNode n = LocalNodes.start(LocalNodes.config("k1", 0).degree(0).key(K1));
    try (Session s = Session.attach(n, false)) {
      ShellCommands sh = s.commands();
      String id1 = NamespaceKeys.idOf(K1);
      String id2 = NamespaceKeys.idOf(K2);
      assertThat(sh.execute("mesh key list", false).lines()).containsExactly(id1 + " primary");
      assertThat(sh.execute("mesh key install " + Base64.getEncoder().encodeToString(K2), true).lines().get(0))
          .contains("refused through mesh send");
      assertThat(sh.execute("mesh key install " + Base64.getEncoder().encodeToString(K2), false).lines())
          .containsExactly("installed " + id2);
      assertThat(sh.execute("mesh key remove " + id1, false).lines().get(0)).contains("primary");
      assertThat(sh.execute("mesh key use " + id2, false).lines()).containsExactly("using " + id2);
      assertThat(sh.execute("mesh key remove " + id1, false).lines()).containsExactly("removed " + id1);
      assertThat(sh.execute("mesh key list", true).lines()).containsExactly(id2 + " primary");
      assertThat(sh.execute("mesh key frob", false).lines().get(0)).contains("usage: mesh key list");
    } finally {
      n.close();
    }
    MeshNode plain = LocalNodes.start(LocalNodes.config("k2", 0).degree(0));
    try (Session s = Session.attach(plain, false)) {
      assertThat(s.commands().execute("mesh key list", false).lines()).containsExactly("no namespace key (links are not encrypted)");
      assertThat(s.commands().execute("mesh key use 00000000", false).lines().get(0)).contains("started without a namespace key");
    } finally {
      plain.close();
    }
  }

  @Test
  void nicPicksTheAddressToListenOnAndExcludesBind() {
    assertThat(parse("--name", "n1", "--nic", "lo").config().bindAddress()).isEqualTo("127.0.0.1");
    assertThatThrownBy(() -> parse("--name", "n1", "--nic", "lo", "--bind", "127.0.0.1").config())
        .hasMessage("--nic and --bind both name the address to listen on: give one");
    assertThatThrownBy(() -> parse("--name", "n1", "--nic", "nope0").config())
        .hasMessageStartingWith("nic: no network interface named 'nope0'");
  }

  @Test
  void adaptiveDetectionIsOnByDefaultZeroTurnsItOffAndABadFloorNamesTheOption() {
    assertThat(parse("--name", "n1").config().adaptiveDetection()).isEqualTo(java.time.Duration.ofMillis(450));
    assertThat(parse("--name", "n1", "--adaptive-detection", "0").config().adaptiveDetection()).isZero();
    assertThat(parse("--name", "n1", "--adaptive-detection", "450ms").config().adaptiveDetection())
        .isEqualTo(java.time.Duration.ofMillis(450));
    assertThatThrownBy(() -> parse("--name", "n1", "--adaptive-detection", "10ms").config())
        .hasMessageContaining("adaptiveDetection (PT0.01S) must be zero (off) or at least 30 ms");
  }
}
