package io.meshage.tools.formation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Formation with real processes on loopback: starts N {@code meshage node} processes (default 20)
 * at random moments over a start window, all with discovery on 127.255.255.255 and one free UDP
 * port, TCP on ephemeral ports of 127.0.0.1, and reports how long after the last node came up
 * every node's view held all N (one mesh), and the largest neighbour count then seen.
 *
 * <p>Arguments: none. System properties: {@code formation.jar} (the CLI jar, default
 * meshage-cli/target/meshage-cli.jar), {@code formation.nodes} (20), {@code formation.degree} (2),
 * {@code formation.window} (start window in ms, 4000), {@code formation.seed} (random, printed),
 * {@code formation.runs} (1).
 */
public final class ProcessFormation {
  private static final long WAIT_SECONDS = 60;

  private ProcessFormation() {}

  /** One started node process: its stdin, the lines it prints, when its start line came. */
  private record NodeProcess(String name, Process process, PrintWriter in, BlockingQueue<String> lines) {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(System.getProperty("formation.jar", "meshage-cli/target/meshage-cli.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no CLI jar at " + jar + ": build it first (mvn -pl meshage-cli -am package)");
    }
    int nodes = Integer.getInteger("formation.nodes", 20);
    int degree = Integer.getInteger("formation.degree", 2);
    int window = Integer.getInteger("formation.window", 4000);
    int runs = Integer.getInteger("formation.runs", 1);
    long seed = Long.getLong("formation.seed", new Random().nextLong());
    for (int run = 0; run < runs; run++) {
      once(jar, nodes, degree, window, seed + run);
    }
  }

  private static void once(Path jar, int nodes, int degree, int window, long seed) throws Exception {
    int discovery = freeUdpPort();
    Random r = new Random(seed);
    List<Long> offsets = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      offsets.add((long) r.nextInt(window));
    }
    Collections.sort(offsets);
    System.out.printf("%d nodes, degree %d, starts over %d ms, discovery port %d, seed %d%n",
        nodes, degree, window, discovery, seed);
    List<NodeProcess> started = new ArrayList<>();
    Map<String, Long> upAt = new ConcurrentHashMap<>();
    long t0 = System.nanoTime();
    try {
      for (int i = 0; i < nodes; i++) {
        long wait = t0 + offsets.get(i) * 1_000_000L - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        started.add(launch(jar, String.format("p%02d", i), degree, discovery, upAt));
      }
      long lastUp = 0;
      for (NodeProcess p : started) {
        String line = p.lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (line == null || !line.startsWith("node " + p.name + " ")) {
          throw new IllegalStateException(p.name + " did not start: " + line);
        }
        lastUp = Math.max(lastUp, upAt.get(p.name));
      }
      for (NodeProcess p : started) {
        p.in.println("mesh wait " + nodes + " " + WAIT_SECONDS);
        p.in.flush();
      }
      long oneMesh = 0;
      for (NodeProcess p : started) {
        String line = p.lines.poll(WAIT_SECONDS + 5, TimeUnit.SECONDS);
        if (line == null || !line.equals("mesh size " + nodes)) {
          throw new IllegalStateException(p.name + " did not see one mesh: " + line);
        }
        oneMesh = Math.max(oneMesh, upAt.get(p.name + " mesh"));
      }
      int maxNeighbours = maxNeighbours(started.get(0), nodes);
      System.out.printf("start lines over %.2f s; one mesh %d ms after the last node came up;"
              + " largest neighbour count %d (degree %d)%n",
          (lastUp - t0) / 1e9, (oneMesh - lastUp) / 1_000_000, maxNeighbours, degree);
    } finally {
      for (NodeProcess p : started) {
        p.in.println("quit");
        p.in.flush();
      }
      for (NodeProcess p : started) {
        if (!p.process.waitFor(10, TimeUnit.SECONDS)) {
          p.process.destroyForcibly();
        }
      }
    }
  }

  /** Asks one node for the whole topology ({@code mesh list}) and returns the largest degree in it. */
  private static int maxNeighbours(NodeProcess p, int nodes) throws InterruptedException {
    p.in.println("mesh list");
    p.in.flush();
    int max = 0;
    for (int i = 0; i < nodes; i++) {
      String line = p.lines.poll(10, TimeUnit.SECONDS);
      if (line == null) {
        throw new IllegalStateException(p.name + " did not list the mesh");
      }
      String rest = line.substring(line.indexOf(':') + 1).trim();
      max = Math.max(max, rest.isEmpty() ? 0 : rest.split("\\s+").length);
    }
    return max;
  }

  private static NodeProcess launch(Path jar, String name, int degree, int discovery, Map<String, Long> upAt)
      throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        "-jar", jar.toString(), "node", "--name", name, "--degree", String.valueOf(degree),
        "--bind", "127.0.0.1", "--port", "0", "--discovery-port", String.valueOf(discovery),
        "--broadcast", "127.255.255.255"));
    Process process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader b = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = b.readLine()) != null; ) {
          long now = System.nanoTime();
          if (line.startsWith("node " + name + " ")) {
            upAt.put(name, now);
          } else if (line.startsWith("mesh size ")) {
            upAt.put(name + " mesh", now);
          }
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("read failed: " + e.getMessage());
      }
    }, "reader-" + name);
    reader.setDaemon(true);
    reader.start();
    PrintWriter in = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    return new NodeProcess(name, process, in, lines);
  }

  /** A UDP port nobody uses now on this host (taken and released at once). */
  private static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
