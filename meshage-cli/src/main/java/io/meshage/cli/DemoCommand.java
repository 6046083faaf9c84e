package io.meshage.cli;

import io.meshage.Delivery;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meshage demo}: an N-node mesh in this process on loopback (real TCP, UDP broadcast
 * discovery on 127.255.255.255), its convergence time, one {@code set} and one {@code broadcast}
 * with their verdicts, {@code mesh.dot}/{@code mesh.svg}, then the shell on the first node.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Start an N-node mesh on loopback in this process and open the shell on n1.",
      "Shows its convergence, one set and one broadcast with their verdicts, and writes mesh.dot "
          + "(and mesh.svg with graphviz) first."
    })
final class DemoCommand implements Callable<Integer> {
  static final String LOOPBACK = "127.0.0.1";
  static final String LOOPBACK_BROADCAST = "127.255.255.255";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--nodes", defaultValue = "8", description = "nodes to start, 2-64 (default ${DEFAULT-VALUE})")
  int nodes;

  @Option(names = "--degree", defaultValue = "3", description = "degree of every node (default ${DEFAULT-VALUE})")
  int degree;

  @Option(names = "--converge-timeout", defaultValue = "60s", converter = Durations.Converter.class,
      description = "give up when the mesh has not converged by then (default ${DEFAULT-VALUE})")
  Duration convergeTimeout;

  @Option(names = "--http", paramLabel = "[ADDR:]PORT", arity = "0..1", fallbackValue = HttpOption.ANY_PORT,
      description = "serve n1's live page on loopback (ADDR a loopback address; without a value any free port)")
  String http;

  @Override
  public Integer call() throws IOException {
    checkArguments();
    java.net.InetSocketAddress httpAt = null;
    if (http != null) {
      try {
        httpAt = HttpOption.parse(http, false, false);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int discoveryPort = freeLoopbackUdpPort();
    out.println("demo: " + nodes + " nodes, degree " + degree + ", namespace demo, discovery "
        + LOOPBACK_BROADCAST + ":" + discoveryPort);
    List<MeshNode> mesh = new ArrayList<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(mesh), "meshage-demo-shutdown"));
    List<Session> sessions = new ArrayList<>();
    LiveServer live = null;
    try {
      long start = System.nanoTime();
      for (int i = 1; i <= nodes; i++) {
        MeshNode node = MeshNode.start(config("n" + i, discoveryPort));
        mesh.add(node);
        sessions.add(Session.attach(node, false));
        out.println(NodeCommand.startLine(node));
      }
      if (httpAt != null) {
        live = LiveServer.start(mesh.get(0), httpAt, mesh).counters(LiveCounters.inProcess(mesh));
        out.println(live.line());
      }
      out.flush();
      if (!awaitConvergence(mesh, out)) {
        err.println("meshage: the mesh did not converge within " + Durations.format(convergeTimeout));
        return 1;
      }
      out.printf("converged: %d nodes agree on the mesh after %.3f s%n",
          nodes, (System.nanoTime() - start) / 1e9);
      MeshNode first = mesh.get(0);
      sendAcross(first, out);
      writePictures(first, out);
      out.println("shell on " + first.name() + ": try mesh list, mesh send all mesh status, help, quit");
      out.flush();
      sessions.get(0).runConsole(out);
      out.println("demo closed");
      out.flush();
      return 0;
    } catch (IOException e) {
      err.println("meshage: demo failed: " + e.getMessage());
      return 1;
    } finally {
      if (live != null) {
        live.close();
      }
      sessions.forEach(Session::close);
      closeAll(mesh);
    }
  }

  private void checkArguments() {
    if (nodes < 2 || nodes > 64) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--nodes must be in [2, 64], got " + nodes);
    }
    if (degree < 1 || degree >= nodes) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--degree must be in [1, " + (nodes - 1) + "] for " + nodes + " nodes, got " + degree);
    }
  }

  private MeshConfig config(String name, int discoveryPort) {
    return MeshConfig.builder(name)
        .namespace("demo")
        .bindAddress(LOOPBACK)
        .port(0)
        .broadcastAddress(LOOPBACK_BROADCAST)
        .discoveryPort(discoveryPort)
        .degree(degree)
        .keepaliveInterval(Duration.ofMillis(250))
        .keepaliveTimeout(Duration.ofSeconds(1))
        .ackTimeout(Duration.ofSeconds(5))
        .build();
  }

  /**
   * Polls until every node knows all N nodes and they all agree; shows progress meanwhile.
   * (Parts of the mesh that form apart join by themselves: every node keeps its last degree
   * slot for nodes outside its part, and a full part makes room when it hears an outsider.)
   */
  private boolean awaitConvergence(List<MeshNode> mesh, PrintWriter out) {
    long deadline = System.nanoTime() + convergeTimeout.toNanos();
    boolean terminal = System.console() != null;
    try (ConvergenceProgress progress = ConvergenceProgress.create(nodes, terminal, System.out, out)) {
      while (true) {
        int complete = 0;
        for (MeshNode n : mesh) {
          if (n.mesh().size() == nodes) {
            complete++;
          }
        }
        progress.update(complete);
        if (complete == nodes && allAgree(mesh)) {
          return true;
        }
        if (System.nanoTime() > deadline) {
          return false;
        }
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
    }
  }

  private static boolean allAgree(List<MeshNode> mesh) {
    Map<String, Set<String>> first = mesh.get(0).mesh();
    return mesh.stream().allMatch(n -> n.mesh().equals(first));
  }

  /** One SET from the first node to the node farthest from it, then one BROADCAST. */
  private static void sendAcross(MeshNode first, PrintWriter out) {
    Map<String, Integer> hops = hopsFrom(first.name(), first.mesh());
    String farthest =
        hops.entrySet().stream()
            .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
            .orElseThrow()
            .getKey();
    Delivery set = first.set(List.of(farthest), "hello " + farthest + ", from " + first.name());
    int distance = hops.get(farthest);
    out.println("set " + first.name() + " -> " + farthest + " (" + distance + (distance == 1 ? " hop" : " hops") + "): "
        + verdict(set));
    Delivery broadcast = first.broadcast("hello everyone, from " + first.name());
    out.println("broadcast from " + first.name() + ": " + verdict(broadcast));
    out.flush();
  }

  static String verdict(Delivery d) {
    int total = d.delivered().size() + d.failed().size();
    StringBuilder sb = new StringBuilder(d.isComplete() ? "complete" : "INCOMPLETE");
    sb.append(", delivered ").append(d.delivered().size()).append('/').append(total);
    sb.append(" [").append(String.join(" ", new TreeSet<>(d.delivered()))).append(']');
    if (!d.failed().isEmpty()) {
      sb.append(", failed");
      new java.util.TreeMap<>(d.failed()).forEach((n, f) -> sb.append(' ').append(n).append('=').append(f));
    }
    return sb.toString();
  }

  /** Hop counts from {@code source} by breadth-first search over the known topology. */
  static Map<String, Integer> hopsFrom(String source, Map<String, Set<String>> mesh) {
    Map<String, Integer> hops = new HashMap<>();
    hops.put(source, 0);
    ArrayDeque<String> queue = new ArrayDeque<>(List.of(source));
    while (!queue.isEmpty()) {
      String at = queue.poll();
      for (String next : new TreeSet<>(mesh.getOrDefault(at, Set.of()))) {
        if (hops.putIfAbsent(next, hops.get(at) + 1) == null) {
          queue.add(next);
        }
      }
    }
    return hops;
  }

  private static void writePictures(MeshNode node, PrintWriter out) {
    String text = node.dot();
    try {
      out.println(DotFiles.write(text, Path.of("mesh.dot")));
      if (DotFiles.graphviz().isPresent()) {
        out.println(DotFiles.write(text, Path.of("mesh.svg")));
      } else {
        out.println("graphviz's dot is not installed: no mesh.svg");
      }
    } catch (IOException e) {
      out.println("error: writing the picture: " + e.getMessage());
    }
    out.flush();
  }

  /** A UDP port free on loopback a moment ago, for the demo's discovery. */
  static int freeLoopbackUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0))) {
      return s.getLocalPort();
    }
  }

  private static void closeAll(List<MeshNode> mesh) {
    List<Thread> closing = new ArrayList<>();
    for (MeshNode n : List.copyOf(mesh)) {
      Thread t = new Thread(n::close, "meshage-close-" + n.name());
      t.start();
      closing.add(t);
    }
    for (Thread t : closing) {
      try {
        t.join(6000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
