package io.meshage.tools.flood;

import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.NamespaceKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Floods a keyed node with unauthenticated connections and reports what it cost the node. Starts
 * the node ({@link FloodTarget}) in a JVM of its own with a small heap, runs the idle, claimed
 * length and pre-authentication floods ({@link Floods}) together for a bounded time from one
 * loopback source address, and times how long a real keyed peer (from 127.0.0.1) needs to join
 * before, during and after the flood. Prints attempts per kind, the {@code OutOfMemoryError}s
 * the node logged, its RSS and threads before, at the peak and after, and the join times. Loopback
 * only; everything stops by itself. Settings are system properties ({@code -Dflood.seconds=20}):
 * {@code flood.seconds} (20, at most 300), {@code flood.idle} (1500), {@code flood.claimers}
 * (150), {@code flood.preauth} (150), {@code flood.from} (127.0.0.2: the attacker's address, a
 * loopback one), {@code flood.heap} (256m: the node's -Xmx), {@code flood.maxAttempts}
 * (5,000,000 connections in all), {@code flood.launcherHeap} (true: the node's JVM gets the
 * launcher's heap option {@link #LAUNCHER_HEAP_OPTS}; false: the JVM's defaults), {@code flood.targetJvm} (more options of the node's JVM,
 * space-separated, e.g. {@code -Xlog:gc}).
 */
public final class HostileFlood {
  /**
   * The heap option the launcher ({@code bin/meshage}, {@code ./meshage}) gives every node: a small
   * initial heap, so G1's young generation (a share of the committed heap) does not grow to 60% of
   * -Xmx under a flood's short-lived garbage. {@code -Dflood.launcherHeap=false} leaves it out (a
   * node started with plain {@code java}).
   */
  static final String LAUNCHER_HEAP_OPTS = "-XX:InitialRAMPercentage=0.05";
  private static final long JOIN_GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(15);

  private HostileFlood() {}

  /** What one run measured. */
  record Report(
      long idle, long claim, long preAuth, long idleClosed, long claimClosed, long preAuthClosed, long oomLines,
      ProcStats before, ProcStats peak, ProcStats after, long joinBeforeMillis, long joinDuringMillis,
      long joinAfterMillis) {
    List<String> lines(int seconds, String from, String heap) {
      List<String> out = new ArrayList<>();
      out.add("hostile flood: " + seconds + " s against a keyed node (-Xmx" + heap + ") from " + from);
      out.add(String.format("  idle connections opened    %,d (closed by the node: %,d)", idle, idleClosed));
      out.add(String.format("  claimed-length connections %,d (closed by the node: %,d)", claim, claimClosed));
      out.add(String.format("  pre-auth key steps         %,d (closed by the node: %,d)", preAuth, preAuthClosed));
      out.add("  OutOfMemoryError lines     " + oomLines);
      out.add("  RSS     before " + before.mib() + ", peak " + peak.mib() + ", after " + after.mib()
          + String.format(" (growth at the peak %.0f MiB)", (peak.rssKib() - before.rssKib()) / 1024.0));
      out.add("  threads before " + before.threads() + ", peak " + peak.threads() + ", after " + after.threads());
      out.add("  real peer joins in " + ms(joinBeforeMillis) + " before, " + ms(joinDuringMillis) + " during, "
          + ms(joinAfterMillis) + " after the flood");
      return out;
    }

    private static String ms(long millis) {
      return millis < 0 ? "never (gave up)" : millis + " ms";
    }
  }

  public static void main(String[] args) throws Exception {
    int seconds = Math.min(300, Integer.getInteger("flood.seconds", 20));
    String from = System.getProperty("flood.from", "127.0.0.2");
    String heap = System.getProperty("flood.heap", "256m");
    Report r = run(seconds, Integer.getInteger("flood.idle", 1500), Integer.getInteger("flood.claimers", 150),
        Integer.getInteger("flood.preauth", 150), from, heap, Long.getLong("flood.maxAttempts", 5_000_000L));
    r.lines(seconds, from, heap).forEach(System.out::println);
  }

  static Report run(int seconds, int idle, int claimers, int preAuth, String from, String heap, long maxAttempts)
      throws Exception {
    InetAddress source = InetAddress.getByName(from);
    if (!source.isLoopbackAddress()) {
      throw new IllegalArgumentException("flood.from must be a loopback address (127.0.0.0/8), got " + from);
    }
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap));
    if (!"false".equals(System.getProperty("flood.launcherHeap"))) {
      cmd.add(LAUNCHER_HEAP_OPTS);
    }
    String extra = System.getProperty("flood.targetJvm", "").strip();
    if (!extra.isEmpty()) {
      cmd.addAll(List.of(extra.split("\\s+")));
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), FloodTarget.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("MESHAGE_FLOOD_KEY", Base64.getEncoder().encodeToString(key));
    pb.redirectErrorStream(true);
    Process target = pb.start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
      int port = readPort(out);
      AtomicLong oomLines = new AtomicLong();
      Thread drain = new Thread(() -> drain(out, oomLines), "flood-target-output");
      drain.setDaemon(true);
      drain.start();
      InetSocketAddress at = new InetSocketAddress("127.0.0.1", port);
      long joinBefore = join(at, key, "peer-before");
      ProcStats before = ProcStats.of(target.pid());
      AtomicReference<ProcStats> peak = new AtomicReference<>(before);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      Floods floods = new Floods(at, source, NamespaceKeys.idOf(key), deadline, maxAttempts);
      Thread sampler = new Thread(() -> {
        while (System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(3) && target.isAlive()) {
          peak.accumulateAndGet(ProcStats.of(target.pid()), ProcStats::max);
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "flood-sampler");
      sampler.setDaemon(true);
      sampler.start();
      floods.start(idle, claimers, preAuth);
      // Joins during the flood once it has been running for half its time.
      long half = deadline - TimeUnit.SECONDS.toNanos(seconds) / 2;
      while (System.nanoTime() < half) {
        Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(half - System.nanoTime())));
      }
      long joinDuring = join(at, key, "peer-during");
      while (System.nanoTime() < deadline) {
        Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
      floods.close();
      long joinAfter = join(at, key, "peer-after");
      sampler.interrupt();
      sampler.join(2000);
      ProcStats after = ProcStats.of(target.pid());
      return new Report(
          floods.attempts(Floods.Kind.IDLE), floods.attempts(Floods.Kind.CLAIM), floods.attempts(Floods.Kind.PRE_AUTH),
          floods.closedByNode(Floods.Kind.IDLE), floods.closedByNode(Floods.Kind.CLAIM),
          floods.closedByNode(Floods.Kind.PRE_AUTH), oomLines.get(), before, peak.get().max(after), after,
          joinBefore, joinDuring, joinAfter);
    } finally {
      target.getOutputStream().close();
      if (!target.waitFor(5, TimeUnit.SECONDS)) {
        target.destroyForcibly();
      }
    }
  }

  private static int readPort(BufferedReader out) throws IOException {
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith("listening ")) {
        return Integer.parseInt(line.substring("listening ".length()).strip());
      }
      System.err.println("target: " + line);
    }
    throw new IOException("the flood target ended before it listened");
  }

  /** Reads the node's output to its end, counting lines that mention an OutOfMemoryError. */
  private static void drain(BufferedReader out, AtomicLong oomLines) {
    try {
      boolean echo = Boolean.getBoolean("flood.echo");
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.contains("OutOfMemoryError")) {
          oomLines.incrementAndGet();
        }
        if (echo) {
          System.err.println("target: " + line);
        }
      }
    } catch (IOException e) {
      // the target ended
    }
  }

  /**
   * Milliseconds until a fresh keyed peer from 127.0.0.1 has a link to the node (dials again at
   * once when refused); -1 when it gave up.
   */
  static long join(InetSocketAddress at, byte[] key, String name) throws IOException {
    MeshConfig config = MeshConfig.builder(name)
        .bindAddress("127.0.0.1")
        .port(0)
        .broadcastAddress("127.255.255.255")
        .discoveryPort(0)
        .degree(1)
        .keys(List.of(key))
        .build();
    try (MeshNode peer = MeshNode.start(config)) {
      long t0 = System.nanoTime();
      while (System.nanoTime() - t0 < JOIN_GIVE_UP_NANOS) {
        try {
          peer.dial(at.getHostString() + ":" + at.getPort());
          return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        } catch (IOException | RuntimeException e) {
          // refused or timed out under the flood: dial again
        }
      }
      return -1;
    }
  }
}
