package io.meshage.cli;

import io.meshage.MeshNode;
import io.meshage.command.MeshCommands;
import io.meshage.command.NoSuchCommandException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * {@code mesh send} on the command layer, under the reserved command {@link
 * MeshCommands#SHELL_COMMAND}. The sender asks with a request {@code {"op":"run","id":ID,"line":CMD}}
 * (its answer only says the node took the command); the node runs it on a thread of its own
 * ({@link RemoteJobs}) and sends the output back as one-way commands {@code {"op":"out","id":ID,
 * "seq":N,"lines":[...]}} and last {@code {"op":"end","id":ID,"seq":N,"ok":B,"lines":[...]}}, one
 * in flight at a time; the sender hands them on in {@code seq} order (its handler threads may run
 * two arrivals side by side). {@code {"op":"cancel","id":ID}} stops a command.
 */
final class CommandRemoteShell implements RemoteShell {
  static final String OP = "op";
  static final String ID = "id";
  static final String LINE = "line";
  static final String LINES = "lines";
  static final String OK = "ok";
  static final String SEQ = "seq";
  /** Output messages held for one that came late (handlers of one sender may run side by side). */
  static final int MAX_EARLY = 1000;
  /** How long a node has to take a command (its answer comes before the command runs). */
  static final Duration START_TIMEOUT = Duration.ofSeconds(10);
  /**
   * How long one ask of {@link #START_TIMEOUT} waits before the request is sent again (same id:
   * the target runs it once): a request or answer lost on a link that closed under it, anywhere
   * on the way, is not sent again by the mesh when the caller's view did not change.
   */
  static final Duration START_ATTEMPT = Duration.ofSeconds(2);
  /** How long a node that has no {@code mesh send} handler yet is asked again (it may be starting). */
  static final Duration NOT_SERVING_GRACE = Duration.ofSeconds(3);
  private static final long INITIAL_RETRY_MS = 50;

  private final MeshNode node;
  private final MeshCommands commands;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private RemoteJobs jobs;

  CommandRemoteShell(MeshNode node) {
    this.node = node;
    this.commands = node.commands();
  }

  @Override
  public synchronized void serve(BiFunction<String, Consumer<String>, Reply> local) {
    if (jobs != null) {
      throw new IllegalStateException("this node already answers mesh send");
    }
    jobs = new RemoteJobs(node.name(), commands, local);
    RemoteJobs served = jobs;
    commands.handleShellCommand(
        (request, sender) -> {
          Object op = request.get(OP);
          long id = request.get(ID) instanceof Number n ? n.longValue() : -1;
          if ("run".equals(op) && request.get(LINE) instanceof String line) {
            served.start(sender, id, line);
          } else if ("cancel".equals(op)) {
            served.cancel(sender, id);
          } else if ("out".equals(op) || "end".equals(op)) {
            arrived(sender, id, request);
          } else {
            throw new IllegalArgumentException("mesh send request without a known op");
          }
          return Map.of();
        });
  }

  @Override
  public Job start(String target, String line, Consumer<String> lines, Consumer<Reply> done) {
    long id = ids.incrementAndGet();
    Pending p = new Pending(target, lines, done);
    pending.put(id, p);
    ask(id, target, line, System.nanoTime() + NOT_SERVING_GRACE.toNanos(), INITIAL_RETRY_MS,
        System.nanoTime() + START_TIMEOUT.toNanos());
    return () -> {
      if (pending.remove(id) != null) {
        commands.send(MeshCommands.SHELL_COMMAND, target, Map.of(OP, "cancel", ID, id));
      }
    };
  }

  /**
   * Asks {@code target} to run the line. A node that just joined may not serve {@code mesh send} yet
   * (its shell registers after its links come up), and a request may find its route gone on the way
   * (a mesh still rewiring): a "no handler" answer, or UNREACHABLE while a route exists again, means
   * the command did not run, so it is asked again, with doubling waits, until {@link
   * #NOT_SERVING_GRACE} has passed.
   */
  private void ask(long id, String target, String line, long giveUpAt, long retryMs, long startBy) {
    long left = startBy - System.nanoTime();
    Duration wait = Duration.ofNanos(Math.max(1_000_000, Math.min(START_ATTEMPT.toNanos(), left)));
    commands
        .sendRequest(MeshCommands.SHELL_COMMAND, target, Map.of(OP, "run", ID, id, LINE, line), wait)
        .whenComplete(
            (answer, failure) -> {
              if (failure == null || !pending.containsKey(id)) {
                return;
              }
              if (timedOut(failure) && System.nanoTime() < startBy - 1_000_000) {
                ask(id, target, line, giveUpAt, retryMs, startBy);
                return;
              }
              if ((notServing(failure) || unreachableButRouted(failure, target))
                  && System.nanoTime() + retryMs * 1_000_000 < giveUpAt) {
                CompletableFuture.delayedExecutor(retryMs, TimeUnit.MILLISECONDS)
                    .execute(() -> ask(id, target, line, giveUpAt, Math.min(retryMs * 2, 500), startBy));
                return;
              }
              String why = notServing(failure)
                  ? "node " + target + " does not serve mesh send (not a meshage node shell)"
                  : MeshSend.reason(failure);
              finish(id, new Reply(false, false, List.of("failed: " + why)));
            });
  }

  /**
   * UNREACHABLE means the request provably never reached {@code target} (its route vanished on
   * the way, as while a mesh still rewires); when a route to it exists again, asking again is safe.
   */
  private boolean unreachableButRouted(Throwable t, String target) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof io.meshage.UnreachableException && node.mesh().containsKey(target);
  }

  private static boolean timedOut(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof io.meshage.MeshTimeoutException;
  }

  private static boolean notServing(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof NoSuchCommandException;
  }

  private void arrived(String sender, long id, Map<String, Object> message) {
    Pending p = pending.get(id);
    if (p == null || !p.node.equals(sender) || !(message.get(SEQ) instanceof Number seq)) {
      return;
    }
    synchronized (p) {
      if (p.early.size() >= MAX_EARLY) {
        finish(id, new Reply(false, false, List.of("failed: output out of order")));
        return;
      }
      p.early.put(seq.longValue(), message);
      for (Map<String, Object> next = p.early.remove(p.next); next != null; next = p.early.remove(p.next)) {
        p.next++;
        for (String l : lines(next)) {
          p.lines.accept(l);
        }
        if ("end".equals(next.get(OP))) {
          finish(id, new Reply(Boolean.TRUE.equals(next.get(OK)), false, List.of()));
          return;
        }
      }
    }
  }

  private void finish(long id, Reply r) {
    Pending p = pending.remove(id);
    if (p != null) {
      p.done.accept(r);
    }
  }

  static List<String> lines(Map<String, Object> message) {
    List<String> lines = new ArrayList<>();
    if (message.get(LINES) instanceof List<?> list) {
      for (Object o : list) {
        lines.add(String.valueOf(o));
      }
    }
    return lines;
  }

  @Override
  public synchronized void close() {
    if (jobs != null) {
      commands.removeCommand(MeshCommands.SHELL_COMMAND);
      jobs.close();
      jobs = null;
    }
  }

  /** A command running elsewhere: where its lines go, and its output messages that came early. */
  private static final class Pending {
    final String node;
    final Consumer<String> lines;
    final Consumer<Reply> done;
    final Map<Long, Map<String, Object>> early = new java.util.HashMap<>();
    long next;

    Pending(String node, Consumer<String> lines, Consumer<Reply> done) {
      this.node = node;
      this.lines = lines;
      this.done = done;
    }
  }
}
