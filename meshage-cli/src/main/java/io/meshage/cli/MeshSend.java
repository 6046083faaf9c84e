package io.meshage.cli;

import io.meshage.MeshTimeoutException;
import io.meshage.UnreachableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code mesh send <all|n1,n2> CMD}: runs CMD on every target at once (this node locally, the
 * others through the mesh) and prints each answer line prefixed with the node's name, one line
 * per node that failed, in name order.
 */
final class MeshSend {
  private final String self;
  private final RemoteShell remote;
  private final Function<String, Reply> local;
  private final Supplier<Set<String>> others;
  private final Duration timeout;

  /**
   * @param local runs a line on this node
   * @param others the other reachable nodes, for {@code all}
   */
  MeshSend(
      String self,
      RemoteShell remote,
      Function<String, Reply> local,
      Supplier<Set<String>> others,
      Duration timeout) {
    this.self = self;
    this.remote = remote;
    this.local = local;
    this.others = others;
    this.timeout = timeout;
  }

  /** Runs {@code command} on {@code targets} ("all" or "n1,n2") and returns the printed lines. */
  List<String> send(String targets, String command) {
    TreeSet<String> names = new TreeSet<>();
    if (targets.equals("all")) {
      names.add(self);
      names.addAll(others.get());
    } else {
      for (String n : targets.split(",")) {
        if (!n.isBlank()) {
          names.add(n.strip());
        }
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("mesh send needs 'all' or node names such as n1,n2");
    }
    Map<String, CompletableFuture<Reply>> answers = new LinkedHashMap<>();
    for (String name : names) {
      answers.put(
          name,
          name.equals(self)
              ? CompletableFuture.supplyAsync(() -> local.apply(command))
              : remote.run(name, command, timeout));
    }
    List<String> out = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
    answers.forEach((name, answer) -> out.addAll(lines(name, answer, deadline)));
    return out;
  }

  private List<String> lines(String name, CompletableFuture<Reply> answer, long deadline) {
    try {
      Reply r = answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (r.lines().isEmpty()) {
        return List.of(name + ": " + (r.ok() ? "ok" : "error"));
      }
      List<String> out = new ArrayList<>();
      for (String line : r.lines()) {
        out.add(name + ": " + line);
      }
      return out;
    } catch (TimeoutException e) {
      return List.of(name + ": failed: timeout after " + Durations.format(timeout));
    } catch (ExecutionException | CompletionException e) {
      return List.of(name + ": failed: " + reason(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of(name + ": failed: interrupted");
    }
  }

  static String reason(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof UnreachableException) {
      return "unreachable";
    }
    if (t instanceof MeshTimeoutException || t instanceof TimeoutException) {
      return "timeout";
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
