package io.meshage.internal.file;

import io.meshage.MeshNode;
import io.meshage.command.MeshCommands;
import io.meshage.file.FileConfig;
import io.meshage.file.FileEntry;
import io.meshage.file.MeshFiles;
import io.meshage.file.Transfer;
import io.meshage.file.TransferStatus;
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

/** The one implementation of {@link MeshFiles}: the file server and the downloads of one node, over its public API plus the reserved command ids; built by {@code NodeLayers}. */
public final class LocalFiles implements MeshFiles {
  private final MeshNode node;
  private final FileConfig config;
  private final FileServer server;
  private final ScheduledThreadPoolExecutor worker;

  private final Map<String, Download> active = new ConcurrentHashMap<>();

  /** Every transfer of this node's life, newest last (for {@link #status}); bounded. */
  private final List<Download> history = new CopyOnWriteArrayList<>();

  private static final int MAX_HISTORY = 100;

  /** Built by the node factories (see {@code NodeLayers}). */
  public LocalFiles(MeshNode node, FileConfig config, CommandRegistry reserved) throws IOException {
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
    this.server = new FileServer(config, node.config().maxFrameSize(), worker, active);
    long wait = Math.max(1, config.stallTimeout().toMillis() - 1000);
    reserved.handleReservedCommand(FileWire.LIST, (request, sender) -> server.onList(request, node.name()));
    reserved.handleReservedCommand(FileWire.INFO, (request, sender) -> server.onInfo(request, wait));
    reserved.handleReservedBulkRpc(FileWire.PART, (payload, sender) -> server.onPart(payload));
  }

  @Override
  public FileConfig config() {
    return config;
  }

  @Override
  public List<FileEntry> listLocal(String glob) throws IOException {
    return server.list(node.name(), glob);
  }

  @Override
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

  @Override
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

  @Override
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
      d = new Download(env, path, target);
      active.put(path, d);
      history.add(d);
      while (history.size() > MAX_HISTORY) {
        history.remove(0);
      }
    }
    worker.execute(d::start);
    return d.handle();
  }

  @Override
  public List<TransferStatus> status() {
    List<TransferStatus> out = new ArrayList<>();
    for (Download d : history) {
      out.add(d.status());
    }
    return out;
  }

  /** The transfer of {@code path} running here, or null (tests look into it). */
  Download running(String path) {
    return active.get(path);
  }

  /** The serving side (tests slow it down). */
  FileServer server() {
    return server;
  }

  @Override
  public long partsServed() {
    return server.partsServed.get();
  }

  @Override
  public long bytesServed() {
    return server.bytesServed.get();
  }

  @Override
  public boolean delete(String path) throws IOException {
    Path file = server.find(path);
    if (file == null) {
      return false;
    }
    server.forget(file);
    return Files.deleteIfExists(file);
  }

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
