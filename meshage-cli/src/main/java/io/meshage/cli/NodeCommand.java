package io.meshage.cli;

import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meshage node}: one mesh node driven by the shell on stdin. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Start a mesh node and read shell commands (mesh status, mesh list, ...) from stdin.",
      "Prints 'node NAME namespace NS listening HOST:PORT discovery PORT' once it is up."
    })
final class NodeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--name", required = true, description = "node name, unique in its namespace")
  String name;

  @Option(names = "--namespace", defaultValue = MeshConfig.DEFAULT_NAMESPACE,
      description = "nodes only auto-connect within a namespace (default ${DEFAULT-VALUE})")
  String namespace;

  @Option(names = "--degree", defaultValue = "3",
      description = "neighbours to seek; 0 = never auto-connect (default ${DEFAULT-VALUE})")
  int degree;

  @Option(names = "--port", defaultValue = "0", description = "TCP port; 0 = any free port")
  int port;

  @Option(names = "--discovery-port", defaultValue = "9000",
      description = "UDP broadcast discovery port; 0 = no discovery (default ${DEFAULT-VALUE})")
  int discoveryPort;

  @Option(names = "--broadcast", defaultValue = MeshConfig.DEFAULT_BROADCAST,
      description = "discovery broadcast address (default ${DEFAULT-VALUE}; 127.255.255.255 on one machine)")
  String broadcast;

  @Option(names = "--bind", defaultValue = "0.0.0.0",
      description = "address to listen on (default ${DEFAULT-VALUE})")
  String bind;

  @Option(names = "--msa", defaultValue = "10s", converter = Durations.Converter.class,
      description = "MSA refresh period, e.g. 10s or 500ms (default ${DEFAULT-VALUE})")
  Duration msa;

  @Option(names = "--dial", split = ",", paramLabel = "host:port",
      description = "connect to these nodes at start (repeatable or comma-separated)")
  List<String> dial = new ArrayList<>();

  @Option(names = "--allow-shell",
      description = "allow 'shell CMD', also from other nodes; needs --key-file (or --insecure-shell)")
  boolean allowShell;

  @Option(names = "--insecure-shell",
      description = "allow --allow-shell without a namespace key: anyone on the network could run commands")
  boolean insecureShell;

  @Option(names = "--key-file", paramLabel = "FILE",
      description = "namespace keys, one base64 key per line, the first used for sending: links encrypted, "
          + "beacons and handshakes authenticated")
  java.nio.file.Path keyFile;

  @Option(names = "--discovery", paramLabel = "jgroups:FILE.xml",
      description = "also discover nodes through a JGroups cluster built from this JGroups XML stack "
          + "(TCPPING, FILE_PING, ...), beside broadcast unless --discovery-port 0")
  String discovery;

  @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "-1",
      description = "serve Prometheus metrics on http://BIND:PORT/metrics (loopback when --bind is 0.0.0.0); "
          + "0 = any free port; off by default")
  int metricsPort;

  @Option(names = "--tag", paramLabel = "KEY=VALUE",
      description = "a tag announced with this node (repeatable), e.g. role=web; mesh send tag:role=web picks it")
  List<String> tags = new ArrayList<>();

  @Option(names = "--send-timeout", defaultValue = "0", converter = Durations.LimitConverter.class,
      description = "how long mesh send waits for answers; 0 = until every target answered or failed "
          + "(default ${DEFAULT-VALUE}; 'mesh timeout' changes it)")
  Duration sendTimeout;

  @Option(names = "--shell-timeout", defaultValue = "0", converter = Durations.LimitConverter.class,
      description = "kill 'shell CMD' and --on-event commands after this long; 0 = no limit (default ${DEFAULT-VALUE})")
  Duration shellTimeout;

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
      description = "output of mesh list, mesh status, mesh send and mesh watch: text, or json (one object per line)")
  String format;

  @Option(names = "--on-event", paramLabel = "EVENT=COMMAND",
      description = "run COMMAND (sh -c) on each membership EVENT (joined, left, failed, restarted, updated, "
          + "link-up, link-down or *), the event in MESHAGE_* variables; repeatable; needs --allow-shell")
  List<String> onEvent = new ArrayList<>();

  @Option(names = "--strict",
      description = "accept data, MSAs and commands only from nodes in the current topology")
  boolean strict;

  @Override
  public Integer call() throws IOException {
    MeshConfig config = config();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    MeshNode node;
    try {
      node = MeshNode.start(config);
    } catch (IOException e) {
      err.println("meshage: cannot start node " + name + " on " + bind + ":" + port + ": "
          + e.getMessage());
      return 1;
    }
    MetricsOption.Served metrics = null;
    if (metricsPort >= 0) {
      try {
        metrics = MetricsOption.start(node, bind, metricsPort);
      } catch (IOException e) {
        node.close();
        err.println("meshage: " + e.getMessage());
        return 1;
      }
    }
    Thread hook = new Thread(node::close, "meshage-shutdown-" + name);
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      for (String t : tags) {
        int eq = t.indexOf('=');
        node.setTag(eq < 0 ? t : t.substring(0, eq), eq < 0 ? "" : t.substring(eq + 1));
      }
    } catch (IllegalArgumentException e) {
      node.close();
      err.println("meshage: --tag: " + e.getMessage());
      return 2;
    }
    MembershipLog.attach(node);
    EventHandlers handlers = new EventHandlers(name, eventHandlers(), shellTimeout);
    io.meshage.Subscription handled = onEvent.isEmpty() ? () -> {} : node.onMembership(handlers);
    ShellSettings settings = new ShellSettings(allowShell, sendTimeout, shellTimeout, json());
    try (Session session = Session.attach(node, settings); handlers; handled) {
      out.println(startLine(node));
      if (metrics != null) {
        out.println(MetricsOption.line(metrics));
      }
      out.flush();
      for (String address : dial) {
        out.println(session.commands().execute("mesh dial " + address, false).lines().get(0));
      }
      out.flush();
      session.runConsole(out);
    } finally {
      MetricsOption.stop(metrics);
      node.close();
    }
    out.println("node " + name + " closed");
    out.flush();
    return 0;
  }

  /** {@code node n1 namespace lab listening 127.0.0.1:40123 discovery 9000}: for scripts. */
  static String startLine(MeshNode node) {
    return "node " + node.name() + " namespace " + node.namespace() + " listening "
        + ShellCommands.hostPort(node) + " discovery " + node.config().discoveryPort();
  }

  private boolean json() {
    return format.equals("json");
  }

  private List<EventHandlers.Handler> eventHandlers() {
    List<EventHandlers.Handler> list = new ArrayList<>();
    for (String spec : onEvent) {
      list.add(EventHandlers.Handler.parse(spec));
    }
    return list;
  }

  /** Checks the options that MeshConfig does not hold; a bad one is a ParameterException naming it. */
  private void checkShellOptions() {
    if (!format.equals("text") && !format.equals("json")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--format is text or json, got '" + format + "'");
    }
    if (!onEvent.isEmpty() && !allowShell) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--on-event runs OS commands: it needs --allow-shell");
    }
    try {
      eventHandlers();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    for (String t : tags) {
      if (t.indexOf('=') <= 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--tag takes KEY=VALUE, got '" + t + "'");
      }
    }
  }

  MeshConfig config() {
    checkShellOptions();
    List<byte[]> keys = List.of();
    if (keyFile != null) {
      try {
        keys = KeyFile.read(keyFile);
      } catch (IOException | IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--key-file: " + e.getMessage());
      }
    }
    if (allowShell && keys.isEmpty() && !insecureShell) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--allow-shell needs a namespace key (--key-file), or any host on the network could run OS commands "
              + "here; add --insecure-shell to allow that anyway");
    }
    if (metricsPort > 65535 || metricsPort < -1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--metrics-port must be in [0, 65535], got " + metricsPort);
    }
    try {
      return MeshConfig.builder(name)
          .discovery(discovery == null ? null : DiscoveryOption.parse(discovery))
          .keys(keys)
          .strict(strict)
          .namespace(namespace)
          .degree(degree)
          .port(port)
          .discoveryPort(discoveryPort)
          .broadcastAddress(broadcast)
          .bindAddress(bind)
          .msaPeriod(msa)
          .build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
