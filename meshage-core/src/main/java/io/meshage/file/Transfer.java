package io.meshage.file;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A handle on one file transfer ({@code files().get(path)}): its future completes with where the
 * file landed once every part and the whole file passed their SHA-256 checks, or fails saying
 * why (its parts stay on disk: a later get resumes it).
 */
public interface Transfer {

  /** The path asked for. */
  String path();

  /** Completes with the file's place in the download folder; a copy, so callers may not complete it. */
  CompletableFuture<Path> future();

  /** Its progress now. */
  TransferStatus status();
}
