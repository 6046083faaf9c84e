package io.meshage.file;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A handle on one file transfer ({@code files().get(path)}): its future completes with where the
 * file landed once every part and the whole file passed their SHA-256 checks, or fails saying
 * why (its parts stay on disk: a later get resumes it).
 */
public final class Transfer {
  private final String path;
  private final CompletableFuture<Path> done;
  private final Supplier<TransferStatus> status;

  Transfer(String path, CompletableFuture<Path> done, Supplier<TransferStatus> status) {
    this.path = path;
    this.done = done;
    this.status = status;
  }

  public String path() {
    return path;
  }

  /** Completes with the file's place in the download folder; a copy, so callers may not complete it. */
  public CompletableFuture<Path> future() {
    return done.copy();
  }

  public TransferStatus status() {
    return status.get();
  }
}
