package io.meshage.file;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;


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
public interface MeshFiles extends AutoCloseable {
  FileConfig config();

  /** The files matching {@code glob} that this node serves (complete files only). */
  List<FileEntry> listLocal(String glob) throws IOException;

  /**
   * The files matching {@code glob} ({@code *} within a folder, {@code **} across folders) on
   * every reachable node and this one, sorted by path and node. Nodes that do not answer in
   * {@code timeout} (or serve no files) are left out.
   */
  CompletableFuture<List<FileEntry>> list(String glob, Duration timeout);

  /** {@link #list(String, Duration)} with the node's ACK timeout. */
  CompletableFuture<List<FileEntry>> list(String glob);

  /**
   * Fetches {@code path} from the nodes that have it into the download folder; returns the
   * transfer already running for it, if any. A file already there with the same SHA-256 completes
   * at once; otherwise it is replaced once the new one is complete and checked.
   *
   * @throws IllegalArgumentException for a path that is not relative, has {@code ..} and the like
   */
  Transfer get(String path);

  /** This node's transfers, running and ended (the last 100), oldest first. */
  List<TransferStatus> status();

  /** Parts and bytes this node served to others. */
  long partsServed();

  long bytesServed();

  /**
   * Deletes {@code path} here (from the served folder, or the download folder when it is not in
   * the first); false when neither holds it. A transfer of it in progress is left alone.
   */
  boolean delete(String path) throws IOException;

  /** Stops the transfers (their parts stay on disk) and the file threads. */
  void close();
}
