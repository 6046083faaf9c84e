package io.meshage.cli;

import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meshage lab}: a testbed on one machine without root. This process is node n1 and opens
 * its shell; n2..nN are real node processes (the same jar) on loopback, found by broadcast on
 * 127.255.255.255 at a free discovery port, sharing a fresh namespace key so that {@code shell}
 * works through {@code mesh send}. {@code quit}, end of input, Ctrl-C or SIGTERM stop them all.
 */
@Command(
    name = "lab",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Start N node processes on loopback and open the shell of n1; quit stops them all.",
      "n1 runs in this process, n2..nN as child processes; quit, end of input or Ctrl-C stops every one.",
      "The nodes share a fresh namespace key and run with --allow-shell; their logs are in a temporary folder."
    })
final class LabCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--nodes", defaultValue = "5", description = "node processes, 1-64 (default ${DEFAULT-VALUE})")
  int nodes;

  @Option(names = "--degree", defaultValue = "3", description = "degree of every node (default ${DEFAULT-VALUE})")
  int degree;

  @Option(names = "--form-timeout", defaultValue = "60s", converter = Durations.Converter.class,
      description = "how long to wait for all nodes to form one mesh before the shell opens (default ${DEFAULT-VALUE})")
  Duration formTimeout;

  @Option(names = "--http", paramLabel = "[ADDR:]PORT", arity = "0..1", fallbackValue = HttpOption.ANY_PORT,
      description = "serve n1's live page on loopback (ADDR a loopback address; without a value any free port)")
  String http;

  @Override
  public Integer call() throws Exception {
    java.net.InetSocketAddress httpAt = null;
    if (http != null) {
      try {
        httpAt = HttpOption.parse(http, false, false);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    if (nodes < 1 || nodes > 64) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--nodes must be in [1, 64], got " + nodes);
    }
    if (degree < 1 || degree > MeshConfig.MAX_DEGREE) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--degree must be at least 1, got " + degree);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path dir = Files.createTempDirectory("meshage-lab-");
    Path keyFile = writeKey(dir);
    int discoveryPort = DemoCommand.freeLoopbackUdpPort();
    String namespace = "lab-" + Long.toHexString(new SecureRandom().nextLong() & 0xffffffL);
    LabProcesses children = new LabProcesses();
    java.util.concurrent.atomic.AtomicReference<MeshNode> firstNode = new java.util.concurrent.atomic.AtomicReference<>();
    Thread hook = new Thread(() -> {
      MeshNode n = firstNode.get();
      if (n != null) {
        n.close();
      }
      children.stop();
    }, "meshage-lab-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    MeshNode first = null;
    try {
      out.println("lab: " + nodes + " nodes, degree " + degree + ", namespace " + namespace + ", discovery "
          + DemoCommand.LOOPBACK_BROADCAST + ":" + discoveryPort + ", logs in " + dir);
      out.flush();
      for (int i = 2; i <= nodes; i++) {
        children.start("n" + i, nodeArgs("n" + i, namespace, discoveryPort, keyFile), dir.resolve("n" + i + ".log"));
      }
      if (nodes > 1) {
        out.println("lab: processes " + children.describe());
      }
      first = MeshNode.start(MeshConfig.builder("n1").namespace(namespace).degree(degree)
          .bindAddress(DemoCommand.LOOPBACK).broadcastAddress(DemoCommand.LOOPBACK_BROADCAST)
          .discoveryPort(discoveryPort).keys(KeyFile.read(keyFile)).build());
      firstNode.set(first);
      MembershipLog.attach(first);
      MessageLog.attach(first);
      try (Session session = Session.attach(first, ShellSettings.of(true));
          LiveServer live = httpAt == null ? null : LiveServer.start(first, httpAt, List.of(first))) {
        out.println(NodeCommand.startLine(first));
        if (live != null) {
          live.counters(LiveCounters.viaShell(session.commands()));
          out.println(live.line());
        }
        out.println(formed(first, session) + "; shell on n1 (try mesh list, mesh send all mesh status, mesh watch, quit)");
        out.flush();
        session.runConsole(out);
      }
      return 0;
    } catch (IOException e) {
      err.println("meshage: lab failed: " + e.getMessage());
      return 1;
    } finally {
      if (first != null) {
        first.close();
      }
      children.stop();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs (or ran) anyway
      }
      out.println("lab closed: " + children.summary());
      out.flush();
    }
  }

  private String formed(MeshNode first, Session session) {
    Reply r = session.commands().execute("mesh wait " + nodes + " " + Durations.format(formTimeout), false);
    return r.ok() ? "mesh of " + nodes + " nodes formed" : "not formed yet: " + String.join(" ", r.lines());
  }

  private List<String> nodeArgs(String name, String namespace, int discoveryPort, Path keyFile) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "node"));
    cmd.addAll(List.of("--name", name, "--namespace", namespace, "--degree", Integer.toString(degree),
        "--bind", DemoCommand.LOOPBACK, "--broadcast", DemoCommand.LOOPBACK_BROADCAST,
        "--discovery-port", Integer.toString(discoveryPort), "--key-file", keyFile.toString(), "--allow-shell"));
    return cmd;
  }

  /** A fresh random namespace key, readable by this user only. */
  private static Path writeKey(Path dir) throws IOException {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Path file = dir.resolve("lab.key");
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
    return file;
  }
}
