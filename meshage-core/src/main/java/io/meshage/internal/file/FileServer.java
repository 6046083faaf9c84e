package io.meshage.internal.file;

import io.meshage.file.FileConfig;
import io.meshage.file.FileEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * The serving side of one node's files: answers LIST, INFO and PART from the served folder, the
 * download folder and the parts of transfers in progress (so receivers serve what they hold, as a
 * swarm does). Manifests are computed once per file version (size and modification time) off the
 * handler threads; parts are read from disk one at a time, at most {@link #MAX_READS} at once.
 * Runs on handler threads; thread-safe.
 */
final class FileServer {
  /** Most parts read for peers at once; more are refused (the peer asks again). */
  static final int MAX_READS = 32;
  /** Most entries one node lists. */
  static final int MAX_LISTED = 10_000;
  private static final int MAX_DEPTH = 32;

  private record Cached(long size, long modified, CompletableFuture<Manifest> manifest) {}

  private final FileConfig config;
  /** The largest part this node sends or takes ({@link Manifest#maxPartSize} of its frame bound). */
  private final int maxPartSize;
  /** Most parts of a file served here before its parts grow; {@link Manifest#MAX_PARTS} except in tests. */
  volatile int maxParts = Manifest.MAX_PARTS;
  private final Executor hashing;
  private final Map<String, Download> active;
  private final Map<Path, Cached> manifests = new ConcurrentHashMap<>();
  private final Semaphore reads = new Semaphore(MAX_READS);
  final AtomicLong partsServed = new AtomicLong();
  /** Runs before each part is read (tests slow a source down with it); does nothing by default. */
  volatile java.util.function.IntConsumer throttle = part -> { };
  final AtomicLong bytesServed = new AtomicLong();

  FileServer(FileConfig config, int maxFrameSize, Executor hashing, Map<String, Download> active) {
    this.config = config;
    this.maxPartSize = Manifest.maxPartSize(maxFrameSize);
    this.hashing = hashing;
    this.active = active;
  }

  /** The folders served, the served folder first. */
  List<Path> folders() {
    return config.downloads().equals(config.folder())
        ? List.of(config.folder())
        : List.of(config.folder(), config.downloads());
  }

  /** The complete file {@code path} names in a served folder; null when none has it. */
  Path find(String path) throws IOException {
    for (Path folder : folders()) {
      Path p = SafePaths.existing(folder, path);
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  /**
   * The manifest of {@code file}, computed once per version (its size and modification time), in
   * parts of the configured size, or larger ones for a file of more than {@link #maxParts} of them.
   */
  CompletableFuture<Manifest> manifest(Path file) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    long modified = a.lastModifiedTime().toMillis();
    Cached c = manifests.compute(file, (k, old) -> {
      if (old != null && old.size == a.size() && old.modified == modified
          && !old.manifest.isCompletedExceptionally()) {
        return old;
      }
      return new Cached(a.size(), modified, CompletableFuture.supplyAsync(() -> {
        try {
          return Manifest.compute(file, config.partSize(), maxParts, maxPartSize);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }, hashing));
    });
    return c.manifest;
  }

  int maxPartSize() {
    return maxPartSize;
  }

  /** A download finished: its manifest is known, no need to hash the file again. */
  void learned(Path file, Manifest m) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    manifests.put(file, new Cached(a.size(), a.lastModifiedTime().toMillis(), CompletableFuture.completedFuture(m)));
  }

  void forget(Path file) {
    manifests.remove(file);
  }

  // ---------------------------------------------------------------- LIST

  /** The complete files matching {@code glob} in the served folders (the first folder wins a name). */
  List<FileEntry> list(String self, String glob) throws IOException {
    PathMatcher matcher = matcher(glob);
    Map<String, FileEntry> out = new LinkedHashMap<>();
    for (Path folder : folders()) {
      if (!Files.isDirectory(folder)) {
        continue;
      }
      Path root = folder.toRealPath();
      try (Stream<Path> files = Files.walk(root, MAX_DEPTH)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          if (out.size() >= MAX_LISTED) {
            break;
          }
          String rel = root.relativize(p).toString().replace('\\', '/');
          if (rel.isEmpty() || !Files.isRegularFile(p) || out.containsKey(rel) || !valid(rel)
              || !matcher.matches(Path.of(rel)) || !p.toRealPath().startsWith(root)) {
            continue;
          }
          CompletableFuture<Manifest> m = manifest(p);
          Manifest done = m.isDone() && !m.isCompletedExceptionally() ? m.join() : null;
          out.put(rel, new FileEntry(self, rel, Files.size(p), done == null ? "" : done.hex()));
        }
      }
    }
    return new ArrayList<>(out.values());
  }

  static PathMatcher matcher(String glob) {
    if (glob == null || glob.isEmpty() || glob.length() > SafePaths.MAX_PATH) {
      throw new IllegalArgumentException("glob must be 1-" + SafePaths.MAX_PATH + " characters");
    }
    try {
      return FileSystems.getDefault().getPathMatcher("glob:" + glob);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("bad glob " + glob + ": " + e.getDescription());
    }
  }

  private static boolean valid(String rel) {
    try {
      SafePaths.check(rel);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  Map<String, Object> onList(Map<String, Object> request, String self) throws IOException {
    if (!(request.get(FileWire.GLOB) instanceof String glob)) {
      throw new IllegalArgumentException("LIST without a glob");
    }
    List<Object> files = new ArrayList<>();
    for (FileEntry e : list(self, glob)) {
      files.add(Map.of(FileWire.PATH, e.path(), FileWire.SIZE, e.size(), FileWire.SHA256, e.sha256()));
    }
    return Map.of(FileWire.FILES, files);
  }

  // ---------------------------------------------------------------- INFO

  Map<String, Object> onInfo(Map<String, Object> request, long waitMillis) throws Exception {
    if (!(request.get(FileWire.PATH) instanceof String path)) {
      throw new IllegalArgumentException("INFO without a path");
    }
    SafePaths.check(path);
    boolean haveOnly = Boolean.TRUE.equals(request.get(FileWire.HAVE_ONLY));
    Path file = find(path);
    Map<String, Object> out = new LinkedHashMap<>();
    if (file != null) {
      Manifest m = manifest(file).get(waitMillis, TimeUnit.MILLISECONDS);
      out.put(FileWire.FOUND, true);
      out.put(FileWire.COMPLETE, true);
      putManifest(out, m, haveOnly);
      return out;
    }
    Download d = active.get(path);
    Manifest m = d == null ? null : d.manifest();
    if (m == null) {
      out.put(FileWire.FOUND, false);
      if (d != null) {
        out.put(FileWire.GETTING, true);
      }
      return out;
    }
    out.put(FileWire.FOUND, true);
    out.put(FileWire.COMPLETE, false);
    putManifest(out, m, haveOnly);
    out.put(FileWire.HAVE, d.have());
    out.put(FileWire.FETCHING, d.fetching());
    return out;
  }

  private static void putManifest(Map<String, Object> out, Manifest m, boolean haveOnly) {
    if (haveOnly) {
      out.put(FileWire.SHA256, m.sha256());
    } else {
      out.putAll(m.toMap());
    }
  }

  // ---------------------------------------------------------------- PART

  /** The bytes of the part asked for, from a complete file or a transfer in progress. */
  byte[] onPart(byte[] payload) throws Exception {
    FileWire.PartRequest r = FileWire.readPartRequest(payload);
    if (!reads.tryAcquire()) {
      throw new IllegalStateException("busy: " + MAX_READS + " parts being read");
    }
    try {
      throttle.accept(r.part());
      byte[] bytes = read(r);
      partsServed.incrementAndGet();
      bytesServed.addAndGet(bytes.length);
      return bytes;
    } finally {
      reads.release();
    }
  }

  private byte[] read(FileWire.PartRequest r) throws Exception {
    Path file = find(r.path());
    if (file != null) {
      CompletableFuture<Manifest> f = manifest(file);
      Manifest m = f.isDone() ? f.join() : null;
      if (m != null && Arrays.equals(m.sha256(), r.sha())) {
        checkPart(m, r.part());
        return readPart(file, m, r.part());
      }
    }
    Download d = active.get(r.path());
    if (d != null) {
      byte[] bytes = d.readHeld(r.sha(), r.part());
      if (bytes != null) {
        return bytes;
      }
    }
    throw new IllegalStateException("part " + r.part() + " of this version of " + r.path() + " is not here");
  }

  private static void checkPart(Manifest m, int part) {
    if (part >= m.parts()) {
      throw new IllegalArgumentException("part " + part + " past the end");
    }
  }

  static byte[] readPart(Path file, Manifest m, int part) throws IOException {
    try (FileChannel ch = FileChannel.open(file, EnumSet.of(StandardOpenOption.READ))) {
      return readPart(ch, m, part);
    }
  }

  static byte[] readPart(FileChannel ch, Manifest m, int part) throws IOException {
    byte[] bytes = new byte[m.length(part)];
    ByteBuffer b = ByteBuffer.wrap(bytes);
    long at = m.offset(part);
    while (b.hasRemaining()) {
      if (ch.read(b, at + b.position()) < 0) {
        throw new IOException("file shorter than its manifest");
      }
    }
    return bytes;
  }
}
