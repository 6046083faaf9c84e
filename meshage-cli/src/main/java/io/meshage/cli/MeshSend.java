package io.meshage.cli;

import io.meshage.MembershipEvent;
import io.meshage.MeshNode;
import io.meshage.MeshTimeoutException;
import io.meshage.Subscription;
import io.meshage.UnreachableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * {@code mesh send TARGETS CMD}: runs CMD on every target at once (this node locally when named,
 * the others through the mesh) and prints each answer line as it arrives, prefixed with the node's
 * name. A target that cannot be reached or leaves answers {@code failed: ...} at once, one that
 * fails when it is still unreachable {@link #FAILED_GRACE} later (a link swapped while the mesh
 * forms is not a failure); with
 * a timeout set ({@code mesh timeout}), one that has not finished by then answers {@code failed:
 * timeout after ...}; an interrupt (Ctrl-C) stops waiting and asks every running target to stop.
 */
final class MeshSend {
  /**
   * How long a target reported FAILED may take to be reachable again before it answers {@code
   * failed: node failed (...)}: a link swap while a mesh forms (two nodes dialled each other at
   * once) makes a live node unreachable for a few milliseconds.
   */
  static final Duration FAILED_GRACE = Duration.ofSeconds(1);

  private final MeshNode node;
  private final RemoteShell remote;
  private final BiFunction<String, Consumer<String>, Reply> local;
  private volatile Duration timeout;
  private final Executor afterGrace;

  /**
   * @param local runs a line on this node, output lines to the consumer
   * @param timeout how long to wait for answers; zero = until every target answered or failed
   */
  MeshSend(MeshNode node, RemoteShell remote, BiFunction<String, Consumer<String>, Reply> local, Duration timeout) {
    this(node, remote, local, timeout,
        CompletableFuture.delayedExecutor(FAILED_GRACE.toMillis(), TimeUnit.MILLISECONDS));
  }

  /** @param afterGrace runs a task {@link #FAILED_GRACE} later (tests run it when they choose) */
  MeshSend(MeshNode node, RemoteShell remote, BiFunction<String, Consumer<String>, Reply> local, Duration timeout,
      Executor afterGrace) {
    this.afterGrace = afterGrace;
    this.node = node;
    this.remote = remote;
    this.local = local;
    this.timeout = timeout;
  }

  Duration timeout() {
    return timeout;
  }

  void timeout(Duration d) {
    timeout = d;
  }

  /** Where answers go: {@code n2: line} as text, or one JSON object per line. */
  interface Printer {
    void line(String node, String text);

    void failed(String node, String reason);

    /** The node ended without printing a line. */
    void quiet(String node, boolean ok);

    static Printer text(Consumer<String> out) {
      return new Printer() {
        @Override
        public void line(String node, String text) {
          out.accept(node + ": " + text);
        }

        @Override
        public void failed(String node, String reason) {
          out.accept(node + ": failed: " + reason);
        }

        @Override
        public void quiet(String node, boolean ok) {
          out.accept(node + ": " + (ok ? "ok" : "error"));
        }
      };
    }

    static Printer json(Consumer<String> out) {
      return new Printer() {
        @Override
        public void line(String node, String text) {
          out.accept(Json.of(pair(node, "line", text)));
        }

        @Override
        public void failed(String node, String reason) {
          out.accept(Json.of(pair(node, "failed", reason)));
        }

        @Override
        public void quiet(String node, boolean ok) {
          out.accept(Json.of(pair(node, "ok", ok)));
        }
      };
    }
  }

  /** {@code {"node": NODE, KEY: VALUE}} in that order. */
  private static Map<String, Object> pair(String node, String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("node", node);
    m.put(key, value);
    return m;
  }

  /** Runs {@code command} on {@code targets}, streaming each answer line to {@code out}. */
  Reply send(String targets, String command, Printer out) {
    List<String> names = Targets.resolve(targets, node.name(), node.broadcastRecipients(), node::tagsOf);
    if (names.isEmpty()) {
      return Reply.error("no node matches '" + targets + "'");
    }
    CountDownLatch pending = new CountDownLatch(names.size());
    Map<String, Target> all = new LinkedHashMap<>();
    for (String n : names) {
      all.put(n, new Target(n, out, pending));
    }
    Subscription watch =
        node.onMembership(
            e -> {
              Target t = all.get(e.node());
              if (t == null) {
                return;
              }
              if (e.type() == MembershipEvent.Type.LEFT) {
                t.fail("left (said bye)");
              } else if (e.type() == MembershipEvent.Type.FAILED) {
                // a link swapped while the mesh forms makes a live node unreachable for a moment:
                // fail it only if it is still unreachable after the grace (its request is re-sent)
                String why = "node failed (" + e.reason() + ")";
                afterGrace.execute(() -> {
                  if (!node.broadcastRecipients().contains(t.name)) {
                    t.fail(why);
                  }
                });
              }
            });
    try {
      Set<String> reachable = node.broadcastRecipients();
      for (Target t : all.values()) {
        if (t.name.equals(node.name())) {
          t.runHere(command);
        } else if (!reachable.contains(t.name)) {
          t.fail("unreachable");
        } else {
          t.job = remote.start(t.name, command, t::line, t::end);
          if (t.done.get()) {
            t.job.cancel();
          }
        }
      }
      boolean finished;
      if (timeout.isZero()) {
        pending.await();
        finished = true;
      } else {
        finished = pending.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
      }
      if (!finished) {
        for (Target t : all.values()) {
          t.fail("timeout after " + Durations.format(timeout));
        }
      }
    } catch (InterruptedException e) {
      List<String> stopped = new ArrayList<>();
      for (Target t : all.values()) {
        if (t.cancel()) {
          stopped.add(t.name);
        }
      }
      return Reply.error("mesh send cancelled" + (stopped.isEmpty() ? "" : "; asked to stop: " + String.join(" ", stopped)));
    } finally {
      watch.close();
    }
    return all.values().stream().allMatch(t -> t.ok) ? Reply.empty() : new Reply(false, false, List.of());
  }

  /** One target's answer: its lines as they come, then exactly one end. */
  private final class Target {
    final String name;
    final Printer out;
    final CountDownLatch pending;
    final AtomicBoolean done = new AtomicBoolean();
    volatile boolean printed;
    volatile boolean ok;
    volatile RemoteShell.Job job;
    volatile Thread here;

    Target(String name, Printer out, CountDownLatch pending) {
      this.name = name;
      this.out = out;
      this.pending = pending;
    }

    void line(String l) {
      if (!done.get()) {
        printed = true;
        out.line(name, l);
      }
    }

    void end(Reply r) {
      if (done.get()) {
        return;
      }
      for (String l : r.lines()) {
        line(l);
      }
      if (done.compareAndSet(false, true)) {
        ok = r.ok();
        if (!printed) {
          out.quiet(name, r.ok());
        }
        pending.countDown();
      }
    }

    void fail(String reason) {
      if (done.compareAndSet(false, true)) {
        out.failed(name, reason);
        stop();
        pending.countDown();
      }
    }

    /** Stops a running target; true when it was still running. */
    boolean cancel() {
      if (done.compareAndSet(false, true)) {
        stop();
        return true;
      }
      return false;
    }

    private void stop() {
      RemoteShell.Job j = job;
      if (j != null) {
        j.cancel();
      }
      Thread t = here;
      if (t != null) {
        t.interrupt();
      }
    }

    void runHere(String command) {
      Thread t = new Thread(() -> end(local.apply(command, this::line)), "meshage-send-" + name);
      t.setDaemon(true);
      here = t;
      t.start();
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
