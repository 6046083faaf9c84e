package io.meshage.tools.files;

import io.meshage.MembershipEvent;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.file.FileConfig;
import io.meshage.file.Transfer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Load rig for files over the mesh, every socket on 127.0.0.1, every figure beside its limit from
 * the same run:
 *
 * <ol>
 *   <li>one file ({@code rig.files.mib}, default 1024) fetched one hop between two nodes, against a
 *       plain Java socket copy of the same bytes (file to socket to file, 1 MiB buffers) — target
 *       at least 70%;
 *   <li>the heap used above its level before the transfer, sampled every 20 ms during it;
 *   <li>MSA latency from the source to the receiver (a tag set on the source until the receiver's
 *       UPDATED event) every 100 ms, idle and during the transfer — target p99 at most 5 ms; with
 *       the samples of the receiver's view during which no garbage collection ran apart (a pause
 *       stops both nodes of this JVM), the load average (the machine's other work) and, as the
 *       limit, a plain Java hop with the same hand-offs between threads ({@link PlainHop});
 *   <li>{@code rig.files.receivers} receivers (default 8) fetching one file ({@code
 *       rig.files.swarmMib}, default 256) from one source at once, against one receiver alone —
 *       target: the last done within 2x.
 * </ol>
 *
 * Files go under {@code rig.files.dir} (default a new temporary folder), deleted at the end.
 */
public final class FileTransferRig {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private FileTransferRig() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("java.net.preferIPv4Stack", "true");
    long mib = Long.getLong("rig.files.mib", 1024);
    long swarmMib = Long.getLong("rig.files.swarmMib", 256);
    int receivers = Integer.getInteger("rig.files.receivers", 8);
    Path root = System.getProperty("rig.files.dir") == null
        ? Files.createTempDirectory("meshage-files-rig")
        : Files.createDirectories(Path.of(System.getProperty("rig.files.dir")));
    System.out.printf("files rig: %d MiB one hop, %d receivers of %d MiB, under %s, max heap %d MiB%n",
        mib, receivers, swarmMib, root, Runtime.getRuntime().maxMemory() >> 20);
    try {
      if (mib > 0) {
        Path big = randomFile(root.resolve("src/big.bin"), mib << 20, 1);
        // Each copy starts with none of this rig's bytes waiting in the page cache to be written
        // (the source was forced to disk, every copy is deleted before the next), and the plain
        // copy runs right before the transfer (once the nodes are up and the source hashed) and
        // right after it, so that all three find the machine in the same state.
        double[] plain = new double[2];
        double rate = oneHop(root, big, mib, plain);
        System.out.printf("one hop: %.0f MiB/s = %.0f%% of the plain copy before, %.0f%% after, %.0f%% of their mean "
                + "(target >= 70%%)%n", rate, 100 * rate / plain[0], 100 * rate / plain[1],
            200 * rate / (plain[0] + plain[1]));
        // One more limit, for what the figure above means: the plain copy with the least work
        // the files layer's part check adds (a SHA-256 of every part on the receiver,
        // overlapping the socket on a second thread).
        int part = Integer.getInteger("rig.files.partKib", FileConfig.DEFAULT_PART_SIZE >> 10) << 10;
        double hashed = PlainCopies.hashed(big, root.resolve("plain/big.bin"), part);
        Files.delete(root.resolve("plain/big.bin"));
        System.out.printf("plain copy with a SHA-256 of every %d KiB part on the receiver (a second thread): %.0f MiB/s, "
                + "%.2f CPU s = %.0f%% of the plain copies' mean; the one hop is %.0f%% of it%n", part >> 10, hashed,
            PlainCopies.lastCpuSeconds,
            200 * hashed / (plain[0] + plain[1]), 100 * rate / hashed);
        Files.deleteIfExists(big);
      }
      if (receivers > 0) {
        swarm(root, swarmMib, receivers);
      }
    } finally {
      deleteTree(root);
    }
  }

  // ---------------------------------------------------------------- one hop

  /** The one-hop transfer; MiB/s. The plain copies right before and after it go into {@code plain}. */
  private static double oneHop(Path root, Path big, long mib, double[] plain) throws Exception {
    try (MeshNode src = start("src", root.resolve("src"));
        MeshNode dst = start("dst", root.resolve("dst"))) {
      dst.dial("127.0.0.1:" + src.listenAddress().getPort());
      awaitReachable(List.of(src, dst));
      // Hash the source once outside the timing (a served file is hashed on first request, once).
      long h0 = System.nanoTime();
      src.files().list("big.bin").get(10, TimeUnit.SECONDS);
      while (src.files().listLocal("big.bin").get(0).sha256().isEmpty()) {
        Thread.sleep(10); // a rig, not a test: waiting for the source's hash
      }
      System.out.printf("source hashed in %d ms%n", (System.nanoTime() - h0) / 1_000_000);

      MsaProbe probe = new MsaProbe(src, dst);
      Histogram idle = probe.run(30, null);
      Histogram idleView = probe.view;
      Histogram hop = PlainHop.measure(30);
      double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      plain[0] = PlainCopies.plain(big, root.resolve("plain/big.bin"));
      Files.delete(root.resolve("plain/big.bin"));
      System.out.printf("plain socket copy before: %.0f MiB/s, %.2f CPU s%n", plain[0], PlainCopies.lastCpuSeconds);
      gc();
      Map<String, Long> cpu0 = threadCpu();
      long jvmCpu0 = PlainCopies.cpuNanos();
      long heapBefore = MEMORY.getHeapMemoryUsage().getUsed();
      AtomicLong heapPeak = new AtomicLong(heapBefore);
      long t0 = System.nanoTime();
      Transfer t = dst.files().get("big.bin");
      CompletableFuture<Path> done = t.future();
      // The end of the transfer, taken when it completes (the probe below sleeps between samples).
      AtomicLong doneAt = new AtomicLong();
      done.whenComplete((p, e) -> doneAt.set(System.nanoTime()));
      boolean trace = Boolean.getBoolean("rig.files.trace");
      Thread heapSampler = new Thread(() -> {
        long lastTrace = System.nanoTime();
        while (!done.isDone()) {
          if (trace && System.nanoTime() - lastTrace > 250_000_000L) {
            lastTrace = System.nanoTime();
            System.out.println("  " + t.status());
          }
          heapPeak.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      heapSampler.setDaemon(true);
      heapSampler.start();
      // The same plain hop during the transfer, on its own thread (50 ms after the probe starts,
      // so that the two rarely meet): what the machine's scheduling does to any hop meanwhile.
      CompletableFuture<Histogram> busyHop = CompletableFuture.supplyAsync(() -> {
        try {
          Thread.sleep(50);
          return PlainHop.measure(Integer.MAX_VALUE, done::isDone);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      Histogram busy = probe.run(Integer.MAX_VALUE, done);
      Histogram busyView = probe.view;
      Histogram busyViewWithoutGc = probe.viewWithoutGc;
      Path got = done.get(30, TimeUnit.MINUTES);
      double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      double seconds = (doneAt.get() - t0) / 1e9;
      double jvmCpu = (PlainCopies.cpuNanos() - jvmCpu0) / 1e9;
      heapSampler.interrupt();
      if (Boolean.getBoolean("rig.files.cpu")) {
        printCpu(cpu0, threadCpu(), seconds); // includes the probe's last 300 ms
      }
      boolean same = sha(got).equals(sha(big));
      Files.deleteIfExists(got);
      plain[1] = PlainCopies.plain(big, root.resolve("plain/big.bin"));
      Files.delete(root.resolve("plain/big.bin"));
      System.out.printf("plain socket copy after: %.0f MiB/s, %.2f CPU s%n", plain[1], PlainCopies.lastCpuSeconds);
      double rate = mib / seconds;
      System.out.printf("one hop transfer: %d MiB in %.2f s = %.0f MiB/s, %.2f CPU s in this JVM (the probes' "
          + "included)%n", mib, seconds, rate, jvmCpu);
      System.out.printf("heap: %d MiB before, peak %d MiB during (+%d MiB)%n", heapBefore >> 20,
          heapPeak.get() >> 20, (heapPeak.get() - heapBefore) >> 20);
      System.out.printf("MSA latency idle: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d samples)%n",
          ms(idle.getValueAtPercentile(50)), ms(idle.getValueAtPercentile(99)), ms(idle.getMaxValue()),
          idle.getTotalCount());
      System.out.printf("MSA latency during the transfer: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d samples; target p99 <= 5 ms)%n",
          ms(busy.getValueAtPercentile(50)), ms(busy.getValueAtPercentile(99)), ms(busy.getMaxValue()),
          busy.getTotalCount());
      System.out.printf("MSA one hop into the receiver's view (link and loops, no handler threads) idle: "
              + "p50 %.2f ms, p99 %.2f ms, max %.2f ms; during the transfer: p50 %.2f ms, p99 %.2f ms, max %.2f ms "
              + "(%d samples; target p99 <= 5 ms)%n",
          ms(idleView.getValueAtPercentile(50)), ms(idleView.getValueAtPercentile(99)), ms(idleView.getMaxValue()),
          ms(busyView.getValueAtPercentile(50)), ms(busyView.getValueAtPercentile(99)), ms(busyView.getMaxValue()),
          busyView.getTotalCount());
      System.out.printf("  of which %d samples ran while no collector did: p50 %.2f ms, p99 %.2f ms, max %.2f ms; "
              + "load average %.2f before the transfer, %.2f after%n",
          busyViewWithoutGc.getTotalCount(), ms(busyViewWithoutGc.getValueAtPercentile(50)),
          ms(busyViewWithoutGc.getValueAtPercentile(99)), ms(busyViewWithoutGc.getMaxValue()), loadBefore, loadAfter);
      System.out.printf("  the limit: a plain Java hop with the same hand-offs (caller, selector thread, loopback socket, "
              + "selector thread, caller polling every 50 us; 100 ms apart) after the idle samples: p50 %.2f ms, p99 %.2f ms, "
              + "max %.2f ms (%d samples)%n",
          ms(hop.getValueAtPercentile(50)), ms(hop.getValueAtPercentile(99)), ms(hop.getMaxValue()), hop.getTotalCount());
      Histogram hopBusy = busyHop.get(10, TimeUnit.SECONDS);
      System.out.printf("  the same plain hop during the transfer (its own thread): p50 %.2f ms, p99 %.2f ms, "
              + "max %.2f ms (%d samples)%n", ms(hopBusy.getValueAtPercentile(50)), ms(hopBusy.getValueAtPercentile(99)),
          ms(hopBusy.getMaxValue()), hopBusy.getTotalCount());
      System.out.printf("links closed during the transfer: %d%n",
          dst.stats().get(io.meshage.Counter.LINKS_CLOSED) + src.stats().get(io.meshage.Counter.LINKS_CLOSED));
      System.out.println("SHA-256 equal: " + same + " (" + got + ")");
      return rate;
    }
  }

  /**
   * MSA latency: the source sets a tag (announced at once), and the receiver's UPDATED event
   * carries it ({@link #run}'s histogram: MSA path, the receiver's loop and its handler threads,
   * where file parts are handed over too); and the tag shows in the receiver's view of the source
   * ({@link #view}: polled every 50 us, so the link and the two event loops only).
   */
  private static final class MsaProbe {
    private final MeshNode src;
    private final MeshNode dst;
    private Histogram view;
    /** The view's samples during which no collector ran (a collection's pause stops both loops). */
    private Histogram viewWithoutGc;
    private final Map<String, Long> sent = new ConcurrentHashMap<>();
    private volatile Histogram into;
    private int seq;

    MsaProbe(MeshNode src, MeshNode dst) {
      this.src = src;
      this.dst = dst;
      dst.onMembership(e -> {
        if (e.type() == MembershipEvent.Type.UPDATED && e.node().equals("src")) {
          String v = e.tags().get("probe");
          Long at = v == null ? null : sent.remove(v);
          Histogram h = into;
          if (at != null && h != null) {
            h.recordValue(Math.min(h.getHighestTrackableValue(), System.nanoTime() - at));
          }
        }
      });
    }

    /** Sets a tag every 100 ms (above the sustained MSA rate bound of one per 50 ms), {@code count} times or until {@code until} is done. */
    Histogram run(int count, CompletableFuture<?> until) throws InterruptedException {
      Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      view = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      viewWithoutGc = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      into = h;
      for (int i = 0; i < count && (until == null || !until.isDone()); i++) {
        String v = Integer.toString(seq++);
        long gc0 = gcCount();
        long t0 = System.nanoTime();
        sent.put(v, t0);
        src.setTag("probe", v);
        while (!v.equals(dst.tagsOf("src").get("probe")) && System.nanoTime() - t0 < 1_000_000_000L) {
          java.util.concurrent.locks.LockSupport.parkNanos(50_000);
        }
        long t9 = System.nanoTime();
        view.recordValue(Math.min(view.getHighestTrackableValue(), t9 - t0));
        if (gcCount() == gc0) {
          viewWithoutGc.recordValue(Math.min(view.getHighestTrackableValue(), t9 - t0));
        }
        long left = 100_000_000L - (System.nanoTime() - t0);
        if (left > 0) {
          Thread.sleep(left / 1_000_000);
        }
      }
      Thread.sleep(200);
      into = null;
      sent.clear();
      return h;
    }
  }

  // ---------------------------------------------------------------- swarm

  private static void swarm(Path root, long mib, int receivers) throws Exception {
    Path file = randomFile(root.resolve("seed/swarm.bin"), mib << 20, 2);
    List<MeshNode> nodes = new ArrayList<>();
    try {
      MeshNode seed = start("seed", root.resolve("seed"));
      nodes.add(seed);
      for (int i = 1; i <= receivers; i++) {
        MeshNode r = start("r" + i, root.resolve("r" + i));
        for (MeshNode other : nodes) {
          r.dial("127.0.0.1:" + other.listenAddress().getPort());
        }
        nodes.add(r);
      }
      awaitReachable(nodes);
      seed.files().list("swarm.bin").get(10, TimeUnit.SECONDS);
      while (seed.files().listLocal("swarm.bin").get(0).sha256().isEmpty()) {
        Thread.sleep(10);
      }
      long t0 = System.nanoTime();
      long cpu0 = cpuNanos();
      Path one = nodes.get(1).files().get("swarm.bin").future().get(30, TimeUnit.MINUTES);
      double single = (System.nanoTime() - t0) / 1e9;
      double singleCpu = (cpuNanos() - cpu0) / 1e9;
      Files.delete(one);
      System.out.printf("one receiver: %d MiB in %.2f s, %.2f CPU s in this JVM (%.2f cores busy)%n", mib, single,
          singleCpu, singleCpu / single);

      long served0 = seed.files().bytesServed();
      t0 = System.nanoTime();
      cpu0 = cpuNanos();
      List<CompletableFuture<Path>> all = new ArrayList<>();
      for (MeshNode r : nodes.subList(1, nodes.size())) {
        all.add(r.files().get("swarm.bin").future());
      }
      CompletableFuture<Void> every = CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
      while (Boolean.getBoolean("rig.files.trace") && !every.isDone()) {
        Thread.sleep(2000);
        for (MeshNode r : nodes.subList(1, nodes.size())) {
          var st = r.files().status().get(r.files().status().size() - 1);
          System.out.println("  " + r.name() + " " + st.state() + " " + st.partsDone() + "/" + st.partsTotal()
              + " from " + st.sources() + " served " + r.files().partsServed() + " reach "
              + r.broadcastRecipients().size() + " keepalive timeouts "
              + r.stats().get(io.meshage.Counter.KEEPALIVE_TIMEOUTS) + " links closed "
              + r.stats().get(io.meshage.Counter.LINKS_CLOSED) + " " + (st.error() == null ? "" : st.error()));
        }
      }
      every.get(30, TimeUnit.MINUTES);
      double last = (System.nanoTime() - t0) / 1e9;
      double allCpu = (cpuNanos() - cpu0) / 1e9;
      int cores = Runtime.getRuntime().availableProcessors();
      System.out.printf("%d receivers: %.2f CPU s in this JVM (%.2f cores busy) = %.2fx the one receiver's CPU; "
              + "with %d cores the CPU alone needs at least %.2f s = %.2fx one receiver's time%n",
          receivers, allCpu, allCpu / last, allCpu / singleCpu, cores, allCpu / cores, allCpu / cores / single);
      String expected = sha(file);
      boolean same = true;
      for (CompletableFuture<Path> f : all) {
        same &= sha(f.join()).equals(expected);
      }
      System.out.printf("%d receivers at once: last done in %.2f s = %.2fx one receiver (target <= 2x); "
              + "the seed uploaded %.2f copies; SHA-256 all equal: %s%n",
          receivers, last, last / single, (seed.files().bytesServed() - served0) / (double) (mib << 20), same);
    } finally {
      nodes.forEach(MeshNode::close);
    }
  }

  /** Collections so far, every collector of this JVM. */
  private static long gcCount() {
    long n = 0;
    for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }

  /** CPU time of this JVM (every thread), in nanoseconds. */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  // ---------------------------------------------------------------- helpers

  private static MeshNode start(String name, Path folder) throws IOException {
    FileConfig files = FileConfig.builder(folder)
        .partSize(Integer.getInteger("rig.files.partKib", FileConfig.DEFAULT_PART_SIZE >> 10) << 10)
        .partsInFlight(Integer.getInteger("rig.files.inFlight", 16))
        .partsPerSource(Integer.getInteger("rig.files.perSource", 4))
        .build();
    // The default keepalive (500 ms, silent after 3 s), not the local preset's 1 s: nine nodes in
    // one JVM on a shared 2-core machine can starve a loop for a second.
    return MeshNode.start(MeshConfig.builder(name).bindAddress("127.0.0.1").broadcastAddress("127.255.255.255")
        .degree(0).discoveryPort(0).port(0).files(files).build());
  }

  private static void awaitReachable(List<MeshNode> nodes) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (MeshNode n : nodes) {
      while (n.broadcastRecipients().size() < nodes.size() - 1) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(n.name() + " reaches only " + n.broadcastRecipients());
        }
        Thread.sleep(10);
      }
    }
  }

  static Path randomFile(Path file, long size, long seed) throws IOException {
    Files.createDirectories(file.getParent());
    SplittableRandom random = new SplittableRandom(seed);
    byte[] block = new byte[1 << 20];
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      for (long at = 0; at < size; at += block.length) {
        ByteBuffer b = ByteBuffer.wrap(block);
        while (b.hasRemaining()) {
          b.putLong(random.nextLong());
        }
        b.flip().limit((int) Math.min(block.length, size - at));
        while (b.hasRemaining()) {
          out.write(b);
        }
      }
      out.force(true);
    }
    return file;
  }

  static String sha(Path file) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(1 << 20);
      while (in.read(buf.clear()) > 0) {
        d.update(buf.flip());
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }

  /** CPU time by thread (pool numbers folded), nanoseconds. */
  private static Map<String, Long> threadCpu() {
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Long> out = new java.util.TreeMap<>();
    for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info != null) {
        long t = mx.getThreadCpuTime(info.getThreadId());
        if (t > 0) {
          out.merge(info.getThreadName().replaceAll("-\\d+$", "-N"), t, Long::sum);
        }
      }
    }
    return out;
  }

  private static void printCpu(Map<String, Long> before, Map<String, Long> after, double seconds) {
    System.out.printf("CPU during the transfer (%.2f s), by thread:%n", seconds);
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 10_000_000L)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> System.out.printf("  %-28s %6.2f s%n", e.getKey(), e.getValue() / 1e9));
  }

  private static void gc() {
    System.gc();
    System.gc();
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
