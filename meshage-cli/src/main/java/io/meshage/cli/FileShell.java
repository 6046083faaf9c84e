package io.meshage.cli;

import io.meshage.MeshNode;
import io.meshage.file.FileEntry;
import io.meshage.file.MeshFiles;
import io.meshage.file.Transfer;
import io.meshage.file.TransferStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The shell's {@code file} commands over {@code node.files()} (minimega's {@code file}): list who
 * has what across the mesh, fetch a file (a progress bar on a terminal, a line per tenth in a
 * script; through {@code mesh send} it starts the transfer and answers at once), show transfers,
 * delete a file here.
 */
final class FileShell {
  static final List<String> HELP =
      List.of(
          "file list [GLOB]             files on every node: \"PATH SIZE SHA256 n1 n2\" (GLOB: * in a folder, ** across)",
          "file get PATH                fetch PATH from the nodes that have it into the download folder;",
          "                             mesh send all file get PATH fans it out (returns at once there)",
          "file status                  this node's transfers: state, progress, rate, sources",
          "file delete PATH             delete PATH on this node");
  static final List<String> FILE_COMMANDS = List.of("list", "get", "status", "delete");
  private static final int BAR = 20;

  private final MeshNode node;
  private final Duration listTimeout;
  private final boolean terminal;

  FileShell(MeshNode node, Duration listTimeout, boolean terminal) {
    this.node = node;
    this.listTimeout = listTimeout;
    this.terminal = terminal;
  }

  /** Runs the words after {@code file}; {@code remote}: a line from {@code mesh send}. */
  Reply execute(Words w, boolean remote, Consumer<String> out) {
    String sub = w.next();
    return switch (sub) {
      case "list" -> list(one(w, "file list [GLOB]"));
      case "get" -> get(one(w, "file get PATH"), remote, out);
      case "status" -> {
        w.noMore("file status");
        yield status();
      }
      case "delete" -> delete(one(w, "file delete PATH"));
      case "" -> Reply.error("file needs a command: " + String.join(", ", FILE_COMMANDS));
      default -> Reply.error("unknown file command '" + sub + "'" + Suggest.hint(sub, FILE_COMMANDS));
    };
  }

  private static String one(Words w, String usage) {
    String arg = w.next();
    w.noMore(usage);
    return arg;
  }

  private MeshFiles files() {
    return node.files();
  }

  private Reply list(String glob) {
    List<FileEntry> entries;
    try {
      entries = files().list(glob.isEmpty() ? "**" : glob, listTimeout).get(listTimeout.toMillis() + 1000,
          TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return Reply.error("file list failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Reply.error("file list cancelled");
    }
    return Reply.of(listLines(entries));
  }

  /** One line per path and version: {@code PATH SIZE SHA256 NODES} ({@code -} for a hash not known yet). */
  static List<String> listLines(List<FileEntry> entries) {
    Map<String, TreeSet<String>> holders = new LinkedHashMap<>();
    Map<String, FileEntry> first = new LinkedHashMap<>();
    for (FileEntry e : entries) {
      String key = e.path() + '\0' + e.size() + '\0' + e.sha256();
      holders.computeIfAbsent(key, k -> new TreeSet<>()).add(e.node());
      first.putIfAbsent(key, e);
    }
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, FileEntry> e : first.entrySet()) {
      FileEntry f = e.getValue();
      lines.add(f.path() + " " + f.size() + " " + (f.sha256().isEmpty() ? "-" : f.sha256()) + " "
          + String.join(" ", holders.get(e.getKey())));
    }
    return lines;
  }

  private Reply get(String path, boolean remote, Consumer<String> out) {
    if (path.isEmpty()) {
      return Reply.error("file get needs a path");
    }
    Transfer t = files().get(path);
    if (remote) {
      return Reply.of("fetching " + path + " (file status shows its progress)");
    }
    CompletableFuture<Path> done = t.future();
    try {
      if (terminal) {
        bar(t, done, System.out);
      } else {
        lines(t, done, out);
      }
      Path p = done.get();
      TransferStatus s = t.status();
      return Reply.of("fetched " + path + " (" + s.size() + " bytes) to " + p);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return Reply.error(cause.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Reply.of("still fetching " + path + " in the background (file status shows its progress)");
    }
  }

  /** A live bar in bytes until the transfer ends. */
  private static void bar(Transfer t, CompletableFuture<Path> done, PrintStream console) throws InterruptedException {
    try (ProgressBar bar = new ProgressBarBuilder()
        .setTaskName(t.path())
        .setInitialMax(Math.max(1, t.status().size()))
        .setUnit(" MiB", 1 << 20)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(200)
        .showSpeed()
        .setConsumer(new ConsoleProgressBarConsumer(console, 78))
        .build()) {
      while (!done.isDone()) {
        TransferStatus s = t.status();
        bar.maxHint(Math.max(1, s.size()));
        bar.stepTo(s.bytesDone());
        waitFor(done, 200);
      }
      bar.stepTo(t.status().bytesDone());
    }
  }

  /** {@code x.img [########............] 40% 112.0 MiB/s}, once per tenth. */
  private static void lines(Transfer t, CompletableFuture<Path> done, Consumer<String> out) throws InterruptedException {
    int shown = -1;
    while (!done.isDone()) {
      TransferStatus s = t.status();
      int tenth = (int) (s.progress() * 10);
      if (s.state() == TransferStatus.State.RUNNING && tenth != shown) {
        shown = tenth;
        out.accept(progressLine(s));
      }
      waitFor(done, 200);
    }
    if (shown < 10 && !done.isCompletedExceptionally()) {
      out.accept(progressLine(t.status()));
    }
  }

  private static void waitFor(CompletableFuture<Path> done, long millis) throws InterruptedException {
    try {
      done.get(millis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // ended (the caller reads how) or still running
    }
  }

  static String progressLine(TransferStatus s) {
    int filled = (int) (s.progress() * BAR);
    return s.path() + " [" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] "
        + (int) (s.progress() * 100) + "% " + mib(s.bytesPerSecond()) + " MiB/s";
  }

  private Reply status() {
    List<String> lines = new ArrayList<>();
    for (TransferStatus s : files().status()) {
      StringBuilder b = new StringBuilder(progressLine(s)).append(' ').append(s.state().name().toLowerCase(Locale.ROOT))
          .append(' ').append(s.bytesDone()).append('/').append(s.size()).append(" bytes");
      if (!s.sources().isEmpty()) {
        b.append(" from ").append(String.join(",", s.sources()));
      }
      if (s.partsCorrupt() > 0) {
        b.append(", ").append(s.partsCorrupt()).append(" corrupt parts fetched again");
      }
      if (s.error() != null) {
        b.append(": ").append(s.error());
      }
      lines.add(b.toString());
    }
    return lines.isEmpty() ? Reply.of("no transfers") : Reply.of(lines);
  }

  private Reply delete(String path) {
    if (path.isEmpty()) {
      return Reply.error("file delete needs a path");
    }
    try {
      return files().delete(path) ? Reply.of("deleted " + path) : Reply.error("no file " + path + " on " + node.name());
    } catch (IOException e) {
      return Reply.error("file delete " + path + ": " + e.getMessage());
    }
  }

  private static String mib(long bytesPerSecond) {
    return String.format(Locale.ROOT, "%.1f", bytesPerSecond / 1048576.0);
  }

  /** {@code 0}, {@code 1024}, {@code 10k}, {@code 512m}, {@code 2g}: a byte count. */
  static long parseBytes(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (t.endsWith("k") || t.endsWith("m") || t.endsWith("g") || t.endsWith("t")) {
      unit = switch (t.charAt(t.length() - 1)) {
        case 'k' -> 1L << 10;
        case 'm' -> 1L << 20;
        case 'g' -> 1L << 30;
        default -> 1L << 40;
      };
      t = t.substring(0, t.length() - 1);
    }
    try {
      long n = Long.parseLong(t);
      if (n < 0 || n > Long.MAX_VALUE / unit) {
        throw new IllegalArgumentException("must be a byte count from 0, got '" + text + "'");
      }
      return n * unit;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a byte count like 500m or 20g, got '" + text + "'");
    }
  }
}
