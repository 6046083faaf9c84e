package io.meshage.cli;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Runs shell command lines on other nodes through the mesh ({@code mesh send}) and answers such
 * requests from other nodes. The future fails with a {@link io.meshage.MeshException} subtype
 * when the node is unreachable or does not answer in time.
 */
interface RemoteShell extends AutoCloseable {
  /** Answers requests from other nodes with {@code local}, which runs one command line here. */
  void serve(Function<String, Reply> local);

  /** Runs {@code line} on {@code node}; always completes, at the latest after {@code timeout}. */
  CompletableFuture<Reply> run(String node, String line, Duration timeout);

  @Override
  void close();
}
