package io.meshage.tools.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Issue 30's chaos run of verdicts on real processes: {@code chaos.nodes} {@link ChaosNode}
 * processes on loopback, traffic of {@code setAsync} to 1-3 random nodes throughout, and every
 * {@code chaos.faultMillis} one fault at random: a SIGKILL (restarted 2-4 s later), a SIGSTOP
 * (SIGCONT 1-5 s later) or a cut link (both sides blocked for 2-5 s), with {@code chaos.loss} of
 * every node's frames dropped. Then it checks every verdict against what the recipients' handlers
 * saw ({@link ChaosReport}). Bounded in time and count; loopback only; stops by itself.
 *
 * <p>Settings (system properties): {@code chaos.nodes} (10), {@code chaos.seconds} (120, at most
 * 600), {@code chaos.rate} (sends per second, 200, at most 2000), {@code chaos.loss} (0.05),
 * {@code chaos.faultMillis} (2000; 0: no faults), {@code chaos.seed} (1), {@code chaos.adaptive} (the adaptive
 * failure detector's floor in ms for every node; 0: the fixed timers; none: the nodes' default), {@code chaos.log} (a file for every event
 * and printed line, with times and process instances; none by default).
 */
public final class VerdictChaos {
  /** How long after the traffic stops verdicts may still come: the default ACK timeout and a margin. */
  static final long DRAIN_MILLIS = 14_000;

  /** The adaptive detector's floor given to every node (0: off; negative: the nodes' default). */
  static volatile long adaptiveMillis;
  /** Every event of the last run, for {@link DetectionReport}. */
  static volatile List<ChaosReport.Event> lastEvents = List.of();

  private VerdictChaos() {}

  public static void main(String[] args) throws Exception {
    int nodes = Math.max(3, Math.min(30, Integer.getInteger("chaos.nodes", 10)));
    int seconds = Math.max(1, Math.min(600, Integer.getInteger("chaos.seconds", 120)));
    int rate = Math.max(1, Math.min(2000, Integer.getInteger("chaos.rate", 200)));
    double loss = Double.parseDouble(System.getProperty("chaos.loss", "0.05"));
    int faultMillis = Integer.getInteger("chaos.faultMillis", 2000);
    faultMillis = faultMillis <= 0 ? 0 : Math.max(200, faultMillis); // 0: no faults (false drops alone)
    long seed = Long.getLong("chaos.seed", 1L);
    adaptiveMillis = Long.getLong("chaos.adaptive", -1L);
    ChaosReport report = run(nodes, seconds, rate, loss, faultMillis, seed, DRAIN_MILLIS);
    report.lines().forEach(System.out::println);
    DetectionReport.of(lastEvents).lines().forEach(System.out::println);
    System.exit(report.clean() ? 0 : 1);
  }

  /** One run; every process it started is gone when it returns. */
  static ChaosReport run(int nodes, int seconds, int rate, double loss, int faultMillis, long seed, long drainMillis)
      throws Exception {
    int discoveryPort;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      discoveryPort = s.getLocalPort();
    }
    Random random = new Random(seed);
    ConcurrentLinkedQueue<ChaosReport.Event> events = new ConcurrentLinkedQueue<>();
    long t0 = System.nanoTime();
    List<Child> children = new ArrayList<>();
    try {
      for (int i = 1; i <= nodes; i++) {
        Child c = new Child(String.format(Locale.ROOT, "c%02d", i), discoveryPort, loss, seed, events, t0);
        children.add(c);
        c.start();
      }
      long formDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!children.stream().allMatch(c -> c.size == nodes)) {
        if (System.nanoTime() > formDeadline) {
          StringBuilder why = new StringBuilder("the " + nodes + " nodes did not form one mesh within 60 s:");
          for (Child c : children) {
            why.append("\n  ").append(c.name).append(" sees ").append(c.size).append(" nodes; stderr: ")
                .append(c.errTail());
          }
          throw new IllegalStateException(why.toString());
        }
        Thread.sleep(50); // a driver polling its children, not a test
      }
      long formed = System.nanoTime();
      long end = formed + TimeUnit.SECONDS.toNanos(seconds);
      long nextSend = formed;
      long nextFault = formed + TimeUnit.MILLISECONDS.toNanos(faultMillis);
      long sendGap = TimeUnit.SECONDS.toNanos(1) / rate;
      int id = 0;
      List<Scheduled> later = new ArrayList<>();
      int faults = 0;
      while (System.nanoTime() < end) {
        long now = System.nanoTime();
        for (int k = later.size() - 1; k >= 0; k--) {
          if (later.get(k).at <= now) {
            later.remove(k).task.run();
          }
        }
        if (faultMillis > 0 && now >= nextFault) {
          nextFault += TimeUnit.MILLISECONDS.toNanos(faultMillis);
          faults += fault(children, random, later, now, events, t0) ? 1 : 0;
        }
        while (nextSend <= now) {
          nextSend += sendGap;
          List<Child> usable = children.stream().filter(Child::usable).toList();
          if (usable.isEmpty()) {
            continue;
          }
          Child from = usable.get(random.nextInt(usable.size()));
          List<String> to = new ArrayList<>();
          for (int k = 1 + random.nextInt(3); k > 0; k--) {
            String t = children.get(random.nextInt(nodes)).name;
            if (!t.equals(from.name) && !to.contains(t)) {
              to.add(t);
            }
          }
          if (!to.isEmpty()) {
            id++;
            events.add(new ChaosReport.Event(ms(t0), from.name, from.instance, "send " + id + " " + String.join(",", to)));
            from.command("send " + id + " " + String.join(",", to));
          }
        }
        Thread.sleep(1);
      }
      for (Scheduled s : later) {
        s.task.run(); // SIGCONT, unblock, restart: every fault ends
      }
      awaitVerdicts(events, children, drainMillis); // the last sends' verdicts, bounded by the ACK timeout
      for (Child c : children) {
        c.command("quit");
      }
      for (Child c : children) {
        c.stop();
      }
      String log = System.getProperty("chaos.log");
      if (log != null) {
        List<String> all = new ArrayList<>();
        for (ChaosReport.Event e : events) {
          all.add(e.millis() + " " + e.node() + "#" + e.instance() + " " + e.line());
        }
        java.nio.file.Files.write(Path.of(log), all, StandardCharsets.UTF_8);
      }
      lastEvents = new ArrayList<>(events);
      return ChaosReport.of(lastEvents, nodes, seconds, rate, loss, faults);
    } finally {
      for (Child c : children) {
        c.kill();
      }
    }
  }

  /**
   * Returns once every send whose sender process is still the one that sent it has a verdict for
   * each recipient, or after {@code maxMillis} (the report then counts the missing ones as hangs).
   */
  private static void awaitVerdicts(ConcurrentLinkedQueue<ChaosReport.Event> events, List<Child> children,
      long maxMillis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
    while (System.nanoTime() < end) {
      java.util.Set<String> open = new java.util.HashSet<>();
      for (ChaosReport.Event e : events) {
        String[] w = e.line().split(" ");
        if (w[0].equals("send") && children.stream().anyMatch(c -> c.name.equals(e.node()) && c.instance == e.instance()
            && c.usable())) {
          for (String t : w[2].split(",")) {
            open.add(w[1] + " " + t);
          }
        } else if (w[0].equals("V")) {
          open.remove(w[1] + " " + w[2]);
        } else if (w[0].equals("F")) {
          open.removeIf(k -> k.startsWith(w[1] + " "));
        }
      }
      if (open.isEmpty()) {
        return;
      }
      Thread.sleep(100); // a driver polling its children's output, not a test
    }
  }

  private static boolean fault(List<Child> children, Random random, List<Scheduled> later, long now,
      ConcurrentLinkedQueue<ChaosReport.Event> events, long t0) {
    Child c = children.get(random.nextInt(children.size()));
    if (!c.usable()) {
      return false;
    }
    int kind = random.nextInt(3);
    long ms = TimeUnit.MILLISECONDS.toNanos(1);
    if (kind == 0) {
      events.add(new ChaosReport.Event(ms(t0), c.name, c.instance, "kill"));
      c.kill();
      later.add(new Scheduled(now + (2000 + random.nextInt(2000)) * ms, () -> {
        try {
          c.start();
          events.add(new ChaosReport.Event(ms(t0), c.name, c.instance, "restart"));
        } catch (IOException e) {
          throw new IllegalStateException("restart of " + c.name + " failed", e);
        }
      }));
    } else if (kind == 1) {
      events.add(new ChaosReport.Event(ms(t0), c.name, c.instance, "stop"));
      c.signal("STOP");
      later.add(new Scheduled(now + (1000 + random.nextInt(4000)) * ms, () -> {
        c.signal("CONT");
        events.add(new ChaosReport.Event(ms(t0), c.name, c.instance, "cont"));
      }));
    } else {
      Child d = children.get(random.nextInt(children.size()));
      if (d == c || !d.usable()) {
        return false;
      }
      events.add(new ChaosReport.Event(ms(t0), c.name, c.instance, "cut " + d.name));
      c.command("block " + d.name);
      d.command("block " + c.name);
      later.add(new Scheduled(now + (2000 + random.nextInt(3000)) * ms, () -> {
        c.command("unblock " + d.name);
        d.command("unblock " + c.name);
        events.add(new ChaosReport.Event(ms(t0), c.name, c.instance, "uncut " + d.name));
      }));
    }
    return true;
  }

  private static long ms(long t0) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }

  private record Scheduled(long at, Runnable task) {}

  /** One node name and its current process (a restart is a new process and instance number). */
  private static final class Child {
    final String name;
    final int discoveryPort;
    final double loss;
    final long seed;
    final ConcurrentLinkedQueue<ChaosReport.Event> events;
    final long t0;
    volatile Process process;
    volatile Writer in;
    volatile int instance;
    volatile int size;
    volatile boolean stopped;

    Child(String name, int discoveryPort, double loss, long seed, ConcurrentLinkedQueue<ChaosReport.Event> events,
        long t0) {
      this.name = name;
      this.discoveryPort = discoveryPort;
      this.loss = loss;
      this.seed = seed;
      this.events = events;
      this.t0 = t0;
    }

    void start() throws IOException {
      instance++;
      stopped = false;
      size = 0;
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process p = new ProcessBuilder(java, "-Xmx128m", "-XX:InitialRAMPercentage=0.05", "-XX:TieredStopAtLevel=1",
          "-cp", System.getProperty("java.class.path"), ChaosNode.class.getName(), name,
          Integer.toString(discoveryPort), Double.toString(loss), Long.toString(seed * 1000 + instance),
          Long.toString(adaptiveMillis))
          .redirectError(ProcessBuilder.Redirect.to(err()))
          .start();
      process = p;
      in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
      int inst = instance;
      Thread reader = new Thread(() -> read(p, inst), "chaos-read-" + name + "-" + inst);
      reader.setDaemon(true);
      reader.start();
    }

    private java.io.File errFile;

    private java.io.File err() throws IOException {
      if (errFile == null) {
        errFile = java.io.File.createTempFile("verdict-chaos-" + name + "-", ".err");
        errFile.deleteOnExit();
      }
      return errFile;
    }

    /** The last lines the current process wrote on its standard error. */
    String errTail() {
      try {
        List<String> lines = java.nio.file.Files.readAllLines(errFile.toPath(), StandardCharsets.UTF_8);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
      } catch (IOException | RuntimeException e) {
        return "(unreadable: " + e + ")";
      }
    }

    private void read(Process p, int inst) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (line.startsWith("S ")) {
            if (inst == instance) {
              size = Integer.parseInt(line.substring(2));
            }
          } else {
            events.add(new ChaosReport.Event(ms(t0), name, inst, line));
          }
        }
      } catch (IOException | RuntimeException e) {
        // the process is gone
      }
    }

    boolean usable() {
      Process p = process;
      return p != null && p.isAlive() && !stopped;
    }

    synchronized void command(String line) {
      try {
        in.write(line + "\n");
        in.flush();
      } catch (IOException e) {
        // a killed process: the send is recorded and will have no verdict from a live sender
      }
    }

    void signal(String sig) {
      stopped = sig.equals("STOP");
      try {
        new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
      } catch (IOException e) {
        throw new IllegalStateException("kill -" + sig + " failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void kill() {
      Process p = process;
      if (p != null && p.isAlive()) {
        p.destroyForcibly();
        try {
          p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    void stop() throws InterruptedException {
      Process p = process;
      if (p != null && !p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }
}
