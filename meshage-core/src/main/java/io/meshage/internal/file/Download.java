package io.meshage.internal.file;

import io.meshage.UnreachableException;
import io.meshage.command.MeshCommands;
import io.meshage.file.FileConfig;
import io.meshage.file.Transfer;
import io.meshage.file.TransferStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One file being fetched: asks every reachable node for the file's manifest and the parts it
 * holds, then pulls the missing parts, rarest first, from every node that has them (several in
 * flight, a few per source), checks each against its SHA-256 and writes it at its place in a
 * temporary file beside the target. A source that fails is benched or dropped and its parts asked
 * of others; a corrupted part is fetched again. Once every part is in, the whole file is checked
 * and moved into place atomically. Parts already in the temporary file (an interrupted transfer)
 * are kept when they match. State is guarded by this object; sends and disk I/O happen outside it.
 */
final class Download {
  private static final Logger LOG = LogManager.getLogger(Download.class);
  /** How often the sources are asked again which parts they hold. */
  static final long REFRESH_MILLIS = 250;
  /** A source that failed a part rests this long before it is asked again. */
  static final long BENCH_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** How long a refresh waits for a node's answer (answers are used as they come). */
  static final Duration REFRESH_WAIT = Duration.ofSeconds(10);
  /** A source that sent this many corrupt parts is dropped. */
  static final int MAX_STRIKES = 3;
  /** What the transfer needs of its node. */
  record Env(
      String self,
      MeshCommands commands,
      Supplier<? extends java.util.Collection<String>> peers,
      FileConfig config,
      FileServer server,
      ScheduledExecutorService worker,
      Runnable ended) {}

  private final Env env;
  private final String path;
  private final Path target;
  private final Path temp;
  private final CompletableFuture<Path> done = new CompletableFuture<>();
  private final Transfer handle;
  /**
   * The whole-file SHA-256, fed the parts in order as they come (its own lock); null unless the
   * config asks for it ({@code verifyWholeFile}) or the offering nodes disagree on the part hashes
   * of the file's SHA-256: each part is checked against its SHA-256 anyway. Set before the first
   * part is asked for.
   */
  private volatile WholeFileHash hash;
  /** Which part to ask for next, from whom; its sources, guarded by this download's lock. */
  private final PartChooser chooser;
  private final Map<String, PartChooser.Source> sources;
  /** Sources dropped for sending {@link #MAX_STRIKES} corrupt parts: not used again by this transfer. */
  private final java.util.Set<String> struckOut = new java.util.HashSet<>();
  private volatile Manifest manifest;
  private volatile FileChannel channel;
  /** Held while a part is written to {@link #channel} (nothing else is done under it). */
  private final Object writeLock = new Object();
  private BitSet have = new BitSet();
  private final BitSet inFlight = new BitSet();
  private int inFlightCount;
  private long bytesDone;
  private int corrupt;
  private TransferStatus.State state = TransferStatus.State.STARTING;
  private String error;
  private long stalledSince = -1;
  private ScheduledFuture<?> refresher;
  private boolean refreshing;
  /** Bytes done at the rate samples of the last seconds (one per refresh), for the rate. */
  private final long[] rateBytes = new long[16];
  private final long[] rateNanos = new long[16];
  private int rateAt;

  Download(Env env, String path, Path target) {
    this.env = env;
    this.path = path;
    this.target = target;
    this.temp = SafePaths.temp(target);
    this.handle = new LocalTransfer(path, done, this::status);
    this.hash = env.config().verifyWholeFile() ? new WholeFileHash(env.config().partsInFlight()) : null;
    this.chooser = new PartChooser(env.self(), env.config());
    this.sources = chooser.sources();
  }

  Transfer handle() {
    return handle;
  }

  String path() {
    return path;
  }

  // ---------------------------------------------------------------- serving what is held

  synchronized Manifest manifest() {
    return manifest;
  }

  synchronized byte[] have() {
    return have.toByteArray();
  }

  /** The parts asked for and not yet here, as a bit set. */
  synchronized byte[] fetching() {
    return inFlight.toByteArray();
  }

  /** The bytes of {@code part} when this transfer holds it (and is of that version); else null. */
  byte[] readHeld(byte[] sha, int part) throws IOException {
    Manifest m;
    FileChannel ch;
    synchronized (this) {
      m = manifest;
      ch = channel;
      if (m == null || ch == null || !Arrays.equals(m.sha256(), sha) || part >= m.parts() || !have.get(part)) {
        return null;
      }
    }
    return FileServer.readPart(ch, m, part);
  }

  // ---------------------------------------------------------------- start

  /** Asks who has the file (worker thread). */
  void start() {
    Map<String, CompletableFuture<Map<String, Object>>> asked = ask(false);
    CompletableFuture.allOf(asked.values().stream().map(f -> f.exceptionally(e -> null))
            .toArray(CompletableFuture[]::new))
        .thenRunAsync(() -> chooseVersion(asked), env.worker());
  }

  /**
   * Asks every reachable node about the file: the first time for the manifest (a source may have
   * to hash the file first, so the wait is the stall timeout), later only for the parts it holds
   * (a short wait, so that one slow node does not hold up the others' news).
   */
  private Map<String, CompletableFuture<Map<String, Object>>> ask(boolean haveOnly) {
    Map<String, CompletableFuture<Map<String, Object>>> asked = new HashMap<>();
    Map<String, Object> request = Map.of(FileWire.PATH, path, FileWire.HAVE_ONLY, haveOnly);
    Duration wait = haveOnly ? REFRESH_WAIT : env.config().stallTimeout();
    for (String peer : env.peers().get()) {
      if (!peer.equals(env.self())) {
        asked.put(peer, env.commands().sendRequest(FileWire.INFO, peer, request, wait));
      }
    }
    return asked;
  }

  private void chooseVersion(Map<String, CompletableFuture<Map<String, Object>>> asked) {
    try {
      Offers offers = new Offers(env.self(), path, asked, env.server().maxPartSize());
      Manifest best = offers.best();
      if (best == null) {
        fail(offers.noneReason(path));
        return;
      }
      if (alreadyHere(best)) {
        return;
      }
      if (hash == null && offers.disputed(best)) {
        LOG.info("[{}] the nodes offering {} disagree on its part hashes; hashing the whole file too", env.self(), path);
        hash = new WholeFileHash(env.config().partsInFlight());
      }
      checkRoom(best.size());
      synchronized (this) {
        for (Map.Entry<String, Map<String, Object>> e : offers.offering(best).entrySet()) {
          PartChooser.Source s = new PartChooser.Source(e.getKey(), Offers.haveOf(e.getValue(), best));
          s.fetching = Offers.bitsOf(e.getValue(), FileWire.FETCHING, best);
          sources.put(e.getKey(), s);
        }
        chooser.startAt(offers.startAt(env.self(), best.parts()));
      }
      open(best);
    } catch (Exception e) {
      fail(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  /** True (and done) when the target already is this version. */
  private boolean alreadyHere(Manifest m) throws Exception {
    if (!Files.isRegularFile(target)) {
      return false;
    }
    // Hashed here, not through the server's cache: that runs on this pool, which may be all
    // waiting here (several gets at once).
    CompletableFuture<Manifest> cached = env.server().manifest(target);
    Manifest here = cached.isDone() && !cached.isCompletedExceptionally()
        ? cached.join() : Manifest.compute(target, m.partSize());
    if (!Arrays.equals(here.sha256(), m.sha256())) {
      return false;
    }
    synchronized (this) {
      manifest = m;
      bytesDone = m.size();
      have.set(0, m.parts());
      state = TransferStatus.State.DONE;
    }
    end();
    done.complete(target);
    return true;
  }

  /** Refuses a file the quota or the disk cannot take. */
  private void checkRoom(long size) throws IOException {
    long kept = Files.isRegularFile(temp) ? Files.size(temp) : 0;
    long replaced = Files.isRegularFile(target) ? Files.size(target) : 0;
    long need = size - kept;
    if (need > Files.getFileStore(temp.getParent()).getUsableSpace()) {
      throw new IOException("not enough disk space for " + path + " (" + size + " bytes)");
    }
    if (env.config().quota() != Long.MAX_VALUE) {
      long used = FolderUsage.bytes(env.config().downloads());
      if (used - replaced + need > env.config().quota()) {
        throw new IOException("the download quota of " + env.config().quota() + " bytes has no room for "
            + path + " (" + size + " bytes; " + used + " used)");
      }
    }
  }

  /** Opens the temporary file, keeps the parts of an earlier try that match, starts fetching. */
  private void open(Manifest m) throws IOException {
    FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    BitSet kept = new BitSet();
    long keptBytes = 0;
    if (ch.size() == m.size()) {
      for (int i = 0; i < m.parts(); i++) {
        byte[] part = FileServer.readPart(ch, m, i);
        if (m.partMatches(i, part, part.length)) {
          kept.set(i);
          keptBytes += part.length;
        }
      }
    } else {
      ch.truncate(0);
      if (m.size() > 0) {
        ch.write(ByteBuffer.wrap(new byte[1]), m.size() - 1);
      }
    }
    if (!kept.isEmpty()) {
      LOG.info("[{}] resuming {}: {} of {} parts kept", env.self(), path, kept.cardinality(), m.parts());
    }
    synchronized (this) {
      manifest = m;
      channel = ch;
      have = kept;
      bytesDone = keptBytes;
      state = TransferStatus.State.RUNNING;
      refresher = env.worker().scheduleWithFixedDelay(this::refresh, REFRESH_MILLIS, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
    }
    hashOn();
    pump();
  }

  // ---------------------------------------------------------------- fetching

  /** Asks for parts until the in-flight bounds are reached (any thread). */
  private void pump() {
    List<PartChooser.Ask> asks = new ArrayList<>();
    boolean complete;
    synchronized (this) {
      if (state != TransferStatus.State.RUNNING) {
        return;
      }
      long now = System.nanoTime();
      while (inFlightCount < env.config().partsInFlight()) {
        PartChooser.Ask a = chooser.choose(now, manifest.parts(), have, inFlight, stalledSince);
        if (a == null) {
          break;
        }
        inFlight.set(a.part());
        inFlightCount++;
        a.source().inFlight++;
        asks.add(a);
      }
      complete = have.cardinality() == manifest.parts();
      if (complete) {
        state = TransferStatus.State.VERIFYING;
      } else if (inFlightCount == 0 && stalledSince < 0) {
        stalledSince = now;
      } else if (inFlightCount > 0) {
        stalledSince = -1;
      }
    }
    if (complete) {
      env.worker().execute(this::finish);
      return;
    }
    for (PartChooser.Ask a : asks) {
      byte[] request = FileWire.partRequest(manifest.sha256(), a.part(), path);
      env.commands().sendRpc(FileWire.PART, a.source().node, request, env.config().partTimeout())
          .whenCompleteAsync((bytes, e) -> arrived(a, bytes, e), env.worker());
    }
  }

  /** A part's answer (a handler thread): checked, written, or asked again elsewhere. */
  private void arrived(PartChooser.Ask a, byte[] bytes, Throwable failure) {
    Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    boolean good = false;
    if (e == null) {
      Manifest m = manifest;
      good = bytes != null && m.partMatches(a.part(), bytes, bytes.length);
      if (good) {
        try {
          ByteBuffer b = ByteBuffer.wrap(bytes);
          long at = m.offset(a.part());
          // One part written at a time: the kernel takes the file's lock for each write, and a
          // second writer would spin on it (CPU the other thread's part check can use).
          synchronized (writeLock) {
            while (b.hasRemaining()) {
              channel.write(b, at + b.position());
            }
          }
        } catch (IOException io) {
          fail("cannot write " + temp + ": " + io.getMessage());
          return;
        }
        if (hash != null) {
          hash.keep(a.part(), bytes); // before it counts as held: never read back meanwhile
        }
      }
    }
    synchronized (this) {
      inFlight.clear(a.part());
      inFlightCount--;
      a.source().inFlight--;
      if (good) {
        have.set(a.part());
        bytesDone += bytes.length;
        if (a.source().has == null) {
          chooser.gotFromComplete();
        }
      } else if (e == null) {
        corrupt++;
        a.source().strikes++;
        LOG.info("[{}] part {} of {} from {} failed its SHA-256; asking again", env.self(), a.part(), path, a.source().node);
        if (a.source().strikes >= MAX_STRIKES && sources.remove(a.source().node) != null) {
          struckOut.add(a.source().node);
          LOG.info("[{}] {} sent {} corrupt parts of {}; not asked again", env.self(), a.source().node, MAX_STRIKES, path);
        }
      } else if (e instanceof UnreachableException) {
        sources.remove(a.source().node);
      } else {
        LOG.debug("[{}] part {} of {} from {}: {}", env.self(), a.part(), path, a.source().node, e.toString());
        a.source().benchedUntil = System.nanoTime() + BENCH_NANOS;
      }
    }
    pump();
    if (good && hash != null) {
      try {
        hashOn();
      } catch (IOException io) {
        fail("cannot read " + temp + ": " + io.getMessage());
      }
    }
  }

  private synchronized boolean holds(int part) {
    return have.get(part);
  }

  /** Feeds the whole-file hash the parts now in order. */
  private void hashOn() throws IOException {
    if (hash == null) {
      return;
    }
    hash.feed(manifest, channel, this::holds);
  }

  /** How many parts were read back from disk for the whole-file hash (tests). */
  int partsReadBack() {
    return hash == null ? 0 : hash.partsReadBack();
  }

  /** Every so often (worker): asks the mesh again who holds which parts; fails a long stall. */
  private void refresh() {
    synchronized (this) {
      if (state != TransferStatus.State.RUNNING) {
        return;
      }
      long now = System.nanoTime();
      rateBytes[rateAt % rateBytes.length] = bytesDone;
      rateNanos[rateAt % rateNanos.length] = now;
      rateAt++;
      if (stalledSince >= 0 && now - stalledSince > env.config().stallTimeout().toNanos()) {
        int missing = manifest.parts() - have.cardinality();
        error = "no node could serve " + missing + " missing parts of " + path + " for "
            + env.config().stallTimeout().toSeconds() + " s; a later get resumes";
      } else if (refreshing) {
        return;
      } else {
        refreshing = true;
      }
    }
    if (error != null) {
      fail(error);
      return;
    }
    Map<String, CompletableFuture<Map<String, Object>>> asked;
    try {
      asked = ask(true);
    } catch (RuntimeException e) {
      asked = Map.of();
      LOG.debug("[{}] asking about {} failed: {}", env.self(), path, e.toString());
    }
    synchronized (this) {
      sources.keySet().retainAll(asked.keySet());
    }
    for (Map.Entry<String, CompletableFuture<Map<String, Object>>> e : asked.entrySet()) {
      e.getValue().whenComplete((a, x) -> refreshedOne(e.getKey(), a));
    }
    CompletableFuture.allOf(asked.values().toArray(CompletableFuture[]::new)).whenComplete((v, x) -> {
      synchronized (this) {
        refreshing = false;
      }
    });
  }

  /** One node's answer to a refresh (any thread): adds, updates or drops it as a source. */
  private void refreshedOne(String node, Map<String, Object> a) {
    synchronized (this) {
      if (state != TransferStatus.State.RUNNING || a == null || struckOut.contains(node)) {
        return;
      }
      // A refresh answer carries the file's SHA-256 only: a node of another version that claims
      // this one sends parts that fail their check against this download's manifest, and is
      // dropped after MAX_STRIKES of them.
      boolean same = Boolean.TRUE.equals(a.get(FileWire.FOUND))
          && a.get(FileWire.SHA256) instanceof byte[] sha && Arrays.equals(sha, manifest.sha256());
      PartChooser.Source s = sources.get(node);
      if (!same) {
        if (s != null && s.inFlight == 0) {
          sources.remove(node);
        }
      } else if (s == null) {
        s = new PartChooser.Source(node, Offers.haveOf(a, manifest));
        s.fetching = Offers.bitsOf(a, FileWire.FETCHING, manifest);
        sources.put(node, s);
      } else {
        s.has = Offers.haveOf(a, manifest);
        s.fetching = Offers.bitsOf(a, FileWire.FETCHING, manifest);
      }
    }
    pump();
  }

  // ---------------------------------------------------------------- end

  /** Every part is in (worker): checks the whole file and moves it into place. */
  private void finish() {
    try {
      Manifest m = manifest;
      // Every part matched its SHA-256 in the manifest the offering nodes agree on (whole-file
      // SHA-256 and part hashes alike), so the parts together are that file; hashed whole again
      // only when the config asks.
      if (hash != null) {
        byte[] sha = hash.finish(m, channel, this::holds);
        if (!Arrays.equals(sha, m.sha256())) {
          // Every part matched its hash, so the manifest itself was inconsistent.
          throw new IOException("the whole file does not match its SHA-256 " + m.hex());
        }
      }
      channel.close();
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      env.server().learned(target, m);
      synchronized (this) {
        state = TransferStatus.State.DONE;
      }
      end();
      LOG.info("[{}] fetched {} ({} bytes, SHA-256 {})", env.self(), path, m.size(), m.hex());
      done.complete(target);
    } catch (IOException e) {
      fail(e.getMessage());
    }
  }

  void fail(String why) {
    synchronized (this) {
      if (state == TransferStatus.State.DONE || state == TransferStatus.State.FAILED) {
        return;
      }
      state = TransferStatus.State.FAILED;
      error = why;
    }
    end();
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException ignored) {
      // Closing what we only wrote to; the parts on disk stay for a resume.
    }
    if (hash != null) {
      hash.close();
    }
    LOG.info("[{}] fetching {} failed: {}", env.self(), path, why);
    done.completeExceptionally(new IOException("fetching " + path + " failed: " + why));
  }

  private void end() {
    synchronized (this) {
      if (refresher != null) {
        refresher.cancel(false);
      }
    }
    env.ended().run();
  }

  synchronized TransferStatus status() {
    long rate = 0;
    int n = Math.min(rateAt, rateBytes.length);
    if (n >= 2) {
      int newest = (rateAt - 1) % rateBytes.length;
      int oldest = (rateAt - n) % rateBytes.length;
      long dt = rateNanos[newest] - rateNanos[oldest];
      rate = dt > 0 ? (rateBytes[newest] - rateBytes[oldest]) * 1_000_000_000L / dt : 0;
    }
    int parts = manifest == null ? 0 : manifest.parts();
    return new TransferStatus(path, state, manifest == null ? 0 : manifest.size(), bytesDone, rate,
        List.copyOf(sources.keySet()), parts, have.cardinality(), corrupt, error);
  }

  boolean finished() {
    return done.isDone();
  }
}
