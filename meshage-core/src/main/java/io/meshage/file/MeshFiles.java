package io.meshage.file;

import io.meshage.MeshNode;
import io.meshage.command.MeshCommands;
import io.meshage.internal.command.CommandRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Files over the mesh, as minimega's iomeshage: a node given a folder ({@code
 * MeshConfig.Builder.files}, {@code meshage node --files DIR}) serves the files in it, and
 * {@link #get} fetches a file from every node that has it, in parts checked with SHA-256, into the
 * download folder. Get it from {@code node.files()}; thread-safe.
 *
 * <p>{@link #list} asks every reachable node which files match a glob (who has what, sizes and
 * hashes); {@link #get} starts a {@link Transfer} (or returns the one running for that path);
 * {@link #status} lists this node's transfers; {@link #delete} removes a file here. Paths are
 * relative, with {@code /}, and never leave the folders: no {@code ..}, no absolute paths, no
 * symbolic link leading out, on the serving and the fetching side alike.
 *
 * <p>Parts travel as bulk frames, which every link sends after its control frames, ACKs and
 * other data, so a transfer that fills a link delays neither keepalives nor routing. Memory stays
 * bounded: parts stream from and to disk, at most {@link FileConfig#partsInFlight()} per transfer
 * and {@value FileServer#MAX_READS} read for peers at once.
 */
public final class MeshFiles implements AutoCloseable {
  private final MeshNode node;
  private final FileConfig config;
  private final FileServer server;
  private final ScheduledThreadPoolExecutor worker;
  private final Map<String, Download> active = new ConcurrentHashMap<>();
  /** Every transfer of this node's life, newest last (for {@link #status}); bounded. */
  private final List<Download> history = new CopyOnWriteArrayList<>();
  private static final int MAX_HISTORY = 100;

  /**
   * Attaches the file layer to a node: registers its reserved commands in {@code reserved}. For
   * {@code MeshNode} only (its last parameter's type is not exported); use {@code node.files()}.
   */
  public MeshFiles(MeshNode node, FileConfig config, CommandRegistry reserved) throws IOException {
    this.node = node;
    this.config = config;
    Files.createDirectories(config.folder());
    Files.createDirectories(config.downloads());
    this.worker = new ScheduledThreadPoolExecutor(2, r -> {
      Thread t = new Thread(r, "meshage-files-" + node.name());
      t.setDaemon(true);
      return t;
    });
    worker.setRemoveOnCancelPolicy(true);
    this.server = new FileServer(config, worker, active);
    long wait = Math.max(1, config.stallTimeout().toMillis() - 1000);
    reserved.handleReservedCommand(FileWire.LIST, (request, sender) -> server.onList(request, node.name()));
    reserved.handleReservedCommand(FileWire.INFO, (request, sender) -> server.onInfo(request, wait));
    reserved.handleReservedBulkRpc(FileWire.PART, (payload, sender) -> server.onPart(payload));
  }

  public FileConfig config() {
    return config;
  }

  /** The files matching {@code glob} that this node serves (complete files only). */
  public List<FileEntry> listLocal(String glob) throws IOException {
    return server.list(node.name(), glob);
  }

  /**
   * The files matching {@code glob} ({@code *} within a folder, {@code **} across folders) on
   * every reachable node and this one, sorted by path and node. Nodes that do not answer in
   * {@code timeout} (or serve no files) are left out.
   */
  public CompletableFuture<List<FileEntry>> list(String glob, Duration timeout) {
    FileServer.matcher(glob);
    List<CompletableFuture<List<FileEntry>>> parts = new ArrayList<>();
    MeshCommands commands = node.commands();
    for (String peer : node.broadcastRecipients()) {
      if (peer.equals(node.name())) {
        continue;
      }
      parts.add(commands.sendRequest(FileWire.LIST, peer, Map.of(FileWire.GLOB, glob), timeout)
          .thenApply(answer -> entries(peer, answer))
          .exceptionally(e -> List.of()));
    }
    parts.add(CompletableFuture.supplyAsync(() -> {
      try {
        return listLocal(glob);
      } catch (IOException e) {
        return List.<FileEntry>of();
      }
    }, worker));
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
      List<FileEntry> all = new ArrayList<>();
      parts.forEach(p -> all.addAll(p.join()));
      all.sort(Comparator.comparing(FileEntry::path).thenComparing(FileEntry::node));
      return all;
    });
  }

  /** {@link #list(String, Duration)} with the node's ACK timeout. */
  public CompletableFuture<List<FileEntry>> list(String glob) {
    return list(glob, node.config().ackTimeout());
  }

  private static List<FileEntry> entries(String peer, Map<String, Object> answer) {
    List<FileEntry> out = new ArrayList<>();
    if (answer.get(FileWire.FILES) instanceof List<?> files) {
      for (Object o : files) {
        if (o instanceof Map<?, ?> m && m.get(FileWire.PATH) instanceof String path
            && m.get(FileWire.SIZE) instanceof Long size && m.get(FileWire.SHA256) instanceof String sha) {
          out.add(new FileEntry(peer, path, size, sha));
        }
      }
    }
    return out;
  }

  /**
   * Fetches {@code path} from the nodes that have it into the download folder; returns the
   * transfer already running for it, if any. A file already there with the same SHA-256 completes
   * at once; otherwise it is replaced once the new one is complete and checked.
   *
   * @throws IllegalArgumentException for a path that is not relative, has {@code ..} and the like
   */
  public Transfer get(String path) {
    SafePaths.check(path);
    Download d;
    synchronized (active) {
      Download running = active.get(path);
      if (running != null) {
        return running.handle();
      }
      Path target;
      try {
        target = SafePaths.forWrite(config.downloads(), path);
      } catch (IOException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      Download.Env env = new Download.Env(node.name(), node.commands(), node::broadcastRecipients, config, server,
          worker, () -> active.remove(path));
      d = new Download(env, path, target, node.instance() ^ path.hashCode());
      active.put(path, d);
      history.add(d);
      while (history.size() > MAX_HISTORY) {
        history.remove(0);
      }
    }
    worker.execute(d::start);
    return d.handle();
  }

  /** This node's transfers, running and ended (the last {@value #MAX_HISTORY}), oldest first. */
  public List<TransferStatus> status() {
    List<TransferStatus> out = new ArrayList<>();
    for (Download d : history) {
      out.add(d.status());
    }
    return out;
  }

  /** Parts and bytes this node served to others. */
  public long partsServed() {
    return server.partsServed.get();
  }

  public long bytesServed() {
    return server.bytesServed.get();
  }

  /**
   * Deletes {@code path} here (from the served folder, or the download folder when it is not in
   * the first); false when neither holds it. A transfer of it in progress is left alone.
   */
  public boolean delete(String path) throws IOException {
    Path file = server.find(path);
    if (file == null) {
      return false;
    }
    server.forget(file);
    return Files.deleteIfExists(file);
  }

  /** Stops the transfers (their parts stay on disk) and the file threads. */
  @Override
  public void close() {
    for (Download d : active.values()) {
      d.fail("node " + node.name() + " closed");
    }
    worker.shutdownNow();
    try {
      worker.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
