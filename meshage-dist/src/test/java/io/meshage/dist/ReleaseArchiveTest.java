package io.meshage.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as an operator meets it: unpacked into an empty folder and run through
 * {@code bin/meshage} with a PATH on which there is no {@code mvn}, only the tools of the system
 * and a Java runtime. Runs after {@code package} (the integration-test phase); skipped only when
 * the archive was not built.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReleaseArchiveTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir static Path tmp;
  static Path home;
  static Map<String, String> env;

  @BeforeAll
  static void unpack() throws Exception {
    String archive = System.getProperty("meshage.archive", "");
    Assumptions.assumeTrue(
        !archive.isEmpty() && Files.isRegularFile(Path.of(archive)),
        "no release archive at '" + archive + "': run `mvn package` first");
    Path into = Files.createDirectory(tmp.resolve("unpacked"));
    run(into, List.of("tar", "-xzf", archive));
    home = into.resolve("meshage-" + System.getProperty("meshage.version"));
    env = new HashMap<>();
    env.put("PATH", pathWithoutMaven(Files.createDirectory(tmp.resolve("path"))));
    env.put("HOME", Files.createDirectory(tmp.resolve("home")).toString());
    env.put("MESHAGE_CDS", "off");
  }

  /**
   * A PATH of one folder that links every command of today's PATH but mvn (mvn and java may
   * share /usr/bin), with the running JVM's java first.
   */
  private static String pathWithoutMaven(Path shim) throws IOException {
    Files.createSymbolicLink(shim.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path d = Path.of(dir.isEmpty() ? "." : dir);
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (Stream<Path> files = Files.list(d)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          String name = f.getFileName().toString();
          if (!name.startsWith("mvn") && !Files.exists(shim.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)
              && Files.isExecutable(f)) {
            Files.createSymbolicLink(shim.resolve(name), f.toAbsolutePath());
          }
        }
      }
    }
    return shim.toString();
  }

  private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    assertThat(p.exitValue()).as("exit code of %s", command).isZero();
  }

  private static ArchiveProcess meshage(String label, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(home.resolve("bin/meshage").toString()));
    command.addAll(List.of(args));
    return ArchiveProcess.start(label, tmp, env, command);
  }

  @Test
  void holdsWhatAnOperatorNeeds() {
    for (String f : List.of("bin/meshage", "LICENSE", "NOTICE", "README.md", "conf/meshage.conf",
        "systemd/meshage.service", "completion/meshage_completion")) {
      assertThat(home.resolve(f)).as(f).isRegularFile();
    }
    assertThat(home.resolve("bin/meshage")).isExecutable();
    assertThat(home.resolve("lib").toFile().list((d, n) -> n.startsWith("meshage-cli-") && n.endsWith(".jar")))
        .hasSize(1);
    assertThat(Path.of(System.getProperty("meshage.archive.zip"))).isRegularFile();
  }

  @Test
  void noMavenOnThePath() throws Exception {
    try (ArchiveProcess which = ArchiveProcess.start("which", tmp, env, List.of("sh", "-c", "command -v mvn"))) {
      assertThat(which.exitCode(WAIT)).as("mvn must not be found").isNotZero();
    }
  }

  @Test
  void printsItsVersion() throws Exception {
    try (ArchiveProcess p = meshage("version", "--version")) {
      p.await(l -> l.startsWith("meshage " + System.getProperty("meshage.version")), WAIT);
      assertThat(p.exitCode(WAIT)).isZero();
    }
  }

  /** The sample config is valid as shipped; the command line overrides its port, bind and discovery. */
  @Test
  void theSampleConfigStartsANode() throws Exception {
    try (ArchiveProcess n = meshage("conf", "node", "--config", home.resolve("conf/meshage.conf").toString(),
        "--name", "conf", "--port", "0", "--bind", "127.0.0.1", "--discovery-port", "0")) {
      assertThat(n.await(l -> l.startsWith("node conf "), WAIT))
          .matches("node conf namespace lab listening 127\\.0\\.0\\.1:\\d+ discovery 0");
      n.send("mesh degree");
      assertThat(n.await(l -> !l.isBlank(), WAIT)).isEqualTo("3");
    }
  }

  @Test
  void twoNodesExchangeAMessage() throws Exception {
    try (ArchiveProcess a = meshage("a", "node", "--name", "a", "--bind", "127.0.0.1", "--discovery-port", "0")) {
      String started = a.await(l -> l.startsWith("node a "), WAIT);
      String port = started.replaceAll(".* listening 127\\.0\\.0\\.1:(\\d+) .*", "$1");
      try (ArchiveProcess b = meshage("b", "node", "--name", "b", "--bind", "127.0.0.1", "--discovery-port", "0",
          "--dial", "127.0.0.1:" + port)) {
        b.await(l -> l.startsWith("node b "), WAIT);
        b.send("mesh wait 2 20");
        b.await(l -> l.equals("mesh size 2"), WAIT);
        b.send("mesh send a echo hello from b");
        assertThat(b.await(l -> l.startsWith("a: "), WAIT)).isEqualTo("a: hello from b");
      }
    }
  }
}
