package io.meshage.cli;

import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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
    defaultValueProvider = NodeSettings.class,
    description = {
      "Start a mesh node and read shell commands (mesh status, mesh list, ...) from stdin.",
      "Prints 'node NAME namespace NS listening HOST:PORT discovery PORT' once it is up "
          + "(an IPv6 host in brackets: [::]:40123).",
      "Every option can also come from a MESHAGE_* environment variable (--discovery-port: "
          + "MESHAGE_DISCOVERY_PORT) or from the --config file (discovery-port = 9000); "
          + "the command line wins over the environment, the environment over the file."
    })
final class NodeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = NodeSettings.CONFIG_OPTION, paramLabel = "FILE",
      description = "read options from FILE: 'key = value' lines, keys the long options without dashes "
          + "(name = n1, dial = 10.0.0.7:40123); '#' starts a comment")
  java.nio.file.Path configFile;

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

  @Option(names = "--nic", paramLabel = "INTERFACE",
      description = "listen on the first IPv4 address of this network interface (eth0, ...) instead of --bind")
  String nic;

  @Option(names = "--advertise", paramLabel = "HOST[:PORT]",
      description = "the address other nodes dial, carried in beacons and handshakes, when it is not the "
          + "bound one (NAT, containers, several interfaces); without a port the bound port")
  String advertise;

  @Option(names = "--msa", defaultValue = "10s", converter = Durations.Converter.class,
      description = "MSA refresh period, e.g. 10s or 500ms (default ${DEFAULT-VALUE})")
  Duration msa;

  @Option(names = "--adaptive-detection", converter = Durations.LimitConverter.class,
      paramLabel = "FLOOR",
      description = "drop a silent link by what its own arrivals made normal, never sooner than FLOOR "
          + "(default 450ms; 30 ms up to the keepalive timeout); 0 for the fixed timers instead")
  Duration adaptiveDetection;

  @Option(names = "--dial", split = ",", paramLabel = "host:port",
      description = "connect to these nodes, retrying until connected and redialing when a link drops "
          + "(repeatable or comma-separated; IPv6 as [::1]:40123)")
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

  @Option(names = "--http", paramLabel = "[ADDR:]PORT", arity = "0..1", fallbackValue = HttpOption.ANY_PORT,
      description = "serve the live page (topology, events, counters) and its JSON API on http://ADDR:PORT/; "
          + "ADDR defaults to loopback; without a value any free port on loopback; off by default")
  String http;

  @Option(names = "--http-allow-remote",
      description = "let --http listen on a non-loopback address; needs --key-file")
  boolean httpAllowRemote;

  @Option(names = "--files", paramLabel = "DIR",
      description = "serve the files in DIR and fetch files into it (file list, file get, file status, "
          + "file delete); off by default")
  Path files;

  @Option(names = "--files-downloads", paramLabel = "DIR",
      description = "fetch files into DIR instead of the --files folder (served too)")
  Path filesDownloads;

  @Option(names = "--files-quota", paramLabel = "BYTES", defaultValue = "0",
      description = "most bytes the download folder may hold (suffix k, m, g; 0 = no quota beyond the free space)")
  String filesQuota;

  @Option(names = "--files-verify-whole",
      description = "hash every fetched file whole as well before it is moved into place (one more pass; "
          + "each part is checked against its SHA-256 anyway)")
  boolean filesVerifyWhole;

  @Option(names = "--no-console",
      description = "read no shell from stdin: run until stopped (SIGTERM), for service managers")
  boolean noConsole;

  @Option(names = "--endpoint", paramLabel = "host:port",
      description = "this node's public endpoint for clients, announced in the mesh (Diarkis' SetEndPoint); "
          + "shown by mesh status")
  String endpoint;

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
    if (endpoint != null) {
      node.cluster().setEndpoint(endpoint);
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
    LiveServer live = null;
    if (http != null) {
      try {
        live = LiveServer.start(node, httpAddress(), List.of(node));
      } catch (IOException e) {
        MetricsOption.stop(metrics);
        node.close();
        err.println("meshage: " + e.getMessage());
        return 1;
      }
    }
    Thread hook = new Thread(node::close, "meshage-shutdown-" + name);
    Runtime.getRuntime().addShutdownHook(hook);
    ConflictExit.watch(node, err);
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
    MessageLog.attach(node);
    EventHandlers handlers = new EventHandlers(name, eventHandlers(), shellTimeout);
    io.meshage.Subscription handled = onEvent.isEmpty() ? () -> {} : node.onMembership(handlers);
    ShellSettings settings = new ShellSettings(allowShell, sendTimeout, shellTimeout, json());
    try (Session session = Session.attach(node, settings); handlers; handled) {
      if (live != null) {
        live.counters(LiveCounters.viaShell(session.commands()));
      }
      out.println(startLine(node));
      if (metrics != null) {
        out.println(MetricsOption.line(metrics));
      }
      if (live != null) {
        out.println(live.line());
      }
      out.flush();
      for (String address : dial) {
        out.println(session.commands().execute("mesh dial " + address, false).lines().get(0));
      }
      out.flush();
      if (noConsole) {
        awaitTermination();
      } else {
        session.runConsole(out);
      }
    } finally {
      MetricsOption.stop(metrics);
      if (live != null) {
        live.close();
      }
      node.close();
    }
    out.println("node " + name + " closed");
    out.flush();
    return 0;
  }

  /** Blocks until the process is stopped; the shutdown hook closes the node. */
  private static void awaitTermination() {
    try {
      new java.util.concurrent.CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * {@code node n1 namespace lab listening 127.0.0.1:40123 discovery 9000}, and
   * {@code advertise HOST:PORT} at the end when set: for scripts (an IPv6 host in brackets).
   */
  static String startLine(MeshNode node) {
    String advertise = node.config().advertise();
    return "node " + node.name() + " namespace " + node.namespace() + " listening "
        + ShellCommands.hostPort(node) + " discovery " + node.config().discoveryPort()
        + (advertise == null ? "" : " advertise " + advertise);
  }

  /** A bad value of {@code option}; the message names its file and line when it came from --config. */
  private CommandLine.ParameterException bad(String option, String value, String message) {
    CommandLine.Model.OptionSpec opt = option == null ? null : spec.findOption(option);
    return opt == null
        ? new CommandLine.ParameterException(spec.commandLine(), message)
        : new CommandLine.ParameterException(spec.commandLine(), message, opt, value == null ? "" : value);
  }

  private static boolean validEndpoint(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || !hostPort.substring(colon + 1).matches("[0-9]{1,5}") || hostPort.contains(" ")) {
      return false;
    }
    int port = Integer.parseInt(hostPort.substring(colon + 1));
    return port >= 1 && port <= 65535;
  }

  private java.net.InetSocketAddress httpAddress() {
    return HttpOption.parse(http, httpAllowRemote, keyFile != null);
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
    if (http != null || httpAllowRemote) {
      if (http == null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--http-allow-remote is for --http: add --http");
      }
      try {
        httpAddress();
      } catch (IllegalArgumentException e) {
        throw bad("--http", http, e.getMessage());
      }
    }
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
        throw bad("--key-file", String.valueOf(keyFile), "--key-file: " + e.getMessage());
      }
    }
    if (allowShell && keys.isEmpty() && !insecureShell) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--allow-shell needs a namespace key (--key-file), or any host on the network could run OS commands "
              + "here; add --insecure-shell to allow that anyway");
    }
    for (String address : dial) {
      try {
        MeshNode.parseAddress(address);
      } catch (IllegalArgumentException e) {
        throw bad("--dial", address, "--dial " + address + ": " + e.getMessage());
      }
    }
    if (endpoint != null && !validEndpoint(endpoint)) {
      throw bad("--endpoint", endpoint, "--endpoint must be host:port with a port in 1-65535, got " + endpoint);
    }
    if (metricsPort > 65535 || metricsPort < -1) {
      throw bad("--metrics-port", String.valueOf(metricsPort), "--metrics-port must be in [0, 65535], got " + metricsPort);
    }
    if (nic != null && !"0.0.0.0".equals(bind)) {
      throw bad("--nic", nic, "--nic and --bind both name the address to listen on: give one");
    }
    try {
      MeshConfig.Builder b = MeshConfig.builder(name)
          .discovery(discovery == null ? null : DiscoveryOption.parse(discovery))
          .keys(keys)
          .strict(strict)
          .namespace(namespace)
          .degree(degree)
          .port(port)
          .discoveryPort(discoveryPort)
          .broadcastAddress(broadcast)
          .bindAddress(bind)
          .advertise(advertise)
          .msaPeriod(msa)
          .adaptiveDetection(adaptiveDetection)
          .files(filesConfig());
      if (nic != null) {
        b.nic(nic);
        bind = b.build().bindAddress(); // for the messages and the metrics address below
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw bad(optionOf(e.getMessage()), null, e.getMessage());
    }
  }

  /** The file layer's settings from --files, --files-downloads, --files-quota and --files-verify-whole; null without --files. */
  private io.meshage.file.FileConfig filesConfig() {
    if (files == null) {
      if (filesDownloads != null) {
        throw bad("--files-downloads", String.valueOf(filesDownloads), "--files-downloads needs --files DIR");
      }
      return null;
    }
    long quota;
    try {
      quota = FileShell.parseBytes(filesQuota);
    } catch (IllegalArgumentException e) {
      throw bad("--files-quota", filesQuota, "--files-quota: " + e.getMessage());
    }
    io.meshage.file.FileConfig.Builder b = io.meshage.file.FileConfig.builder(files).downloads(filesDownloads)
        .verifyWholeFile(filesVerifyWhole);
    if (quota > 0) {
      b.quota(quota);
    }
    return b.build();
  }

  /** The option behind MeshConfig's field named first in {@code message} (null when none is): for --config's line. */
  private static String optionOf(String message) {
    String field = message.split("[ (]", 2)[0];
    return switch (field) {
      case "name", "namespace", "degree", "port", "advertise", "discovery" -> "--" + field;
      case "bindAddress" -> "--bind";
      case "nic", "nic:" -> "--nic";
      case "broadcastAddress" -> "--broadcast";
      case "discoveryPort" -> "--discovery-port";
      case "msaPeriod" -> "--msa";
      case "adaptiveDetection" -> "--adaptive-detection";
      case "files.quota" -> "--files-quota";
      default -> field.startsWith("files") ? "--files" : null;
    };
  }
}
