package io.meshage.internal.file;

import io.meshage.file.Transfer;
import io.meshage.file.TransferStatus;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** The {@link Transfer} handle of one {@link Download}. */
final class LocalTransfer implements Transfer {
  private final String path;
  private final CompletableFuture<Path> done;
  private final Supplier<TransferStatus> status;

  LocalTransfer(String path, CompletableFuture<Path> done, Supplier<TransferStatus> status) {
    this.path = path;
    this.done = done;
    this.status = status;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public CompletableFuture<Path> future() {
    return done.copy();
  }

  @Override
  public TransferStatus status() {
    return status.get();
  }
}
