package io.meshage.cli;

import io.meshage.Delivery;
import io.meshage.Failure;
import io.meshage.Message;
import io.meshage.MeshNode;
import io.meshage.MeshTimeoutException;
import io.meshage.UnreachableException;
import io.meshage.internal.BodyCodec;
import io.meshage.internal.Frame;
import io.meshage.internal.NodeCore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code mesh send} on the core's message channel {@value #CHANNEL}: a request is a SET of the
 * text {@code "Q<id>\n<line>"}, the answer a SET back of {@code "A<id>\n<0|1>\n<output>"}; ids
 * correlate the two. Requests run one at a time on a thread of their own, never on the mesh's.
 */
final class ChannelRemoteShell implements RemoteShell {
  static final byte CHANNEL = 2;
  private static final Logger LOG = LogManager.getLogger(ChannelRemoteShell.class);

  private final MeshNode node;
  private final NodeCore core;
  private final AtomicLong nextId = new AtomicLong(1);
  private final Map<Long, CompletableFuture<Reply>> waiting = new ConcurrentHashMap<>();
  private final ExecutorService runner;
  private final Consumer<Message> handler = this::onMessage;
  private volatile Function<String, Reply> local = line -> Reply.error("not serving");

  ChannelRemoteShell(MeshNode node) {
    this.node = node;
    this.core = node.core();
    this.runner =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "meshage-remote-shell-" + node.name());
              t.setDaemon(true);
              return t;
            });
    core.addMessageHandler(CHANNEL, handler);
  }

  @Override
  public void serve(Function<String, Reply> local) {
    this.local = local;
  }

  @Override
  public CompletableFuture<Reply> run(String target, String line, Duration timeout) {
    long id = nextId.getAndIncrement();
    CompletableFuture<Reply> answer = new CompletableFuture<>();
    waiting.put(id, answer);
    answer.whenComplete((r, e) -> waiting.remove(id));
    CompletableFuture<Delivery> delivery = new CompletableFuture<>();
    delivery.whenComplete(
        (d, e) -> {
          if (e != null) {
            answer.completeExceptionally(e);
          } else if (d.failed().containsKey(target)) {
            answer.completeExceptionally(failure(target, d.failed().get(target)));
          }
        });
    sendText(target, "Q" + id + "\n" + line, timeout, delivery);
    return answer
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionallyCompose(
            e -> CompletableFuture.failedFuture(
                e instanceof java.util.concurrent.TimeoutException
                    ? new MeshTimeoutException(target + " did not answer within " + timeout)
                    : e));
  }

  private static RuntimeException failure(String target, Failure f) {
    return f == Failure.UNREACHABLE
        ? new UnreachableException(target, target + " is not reachable from here")
        : new MeshTimeoutException(target + " did not acknowledge the request");
  }

  private void sendText(
      String target, String text, Duration timeout, CompletableFuture<Delivery> delivery) {
    BodyCodec.Encoded body = core.bodies().encode(text);
    core.loop()
        .execute(
            () -> core.send(Frame.SET, CHANNEL, List.of(target), body, timeout.toNanos(), delivery));
  }

  private void onMessage(Message m) {
    if (!(m.body() instanceof String text) || text.isEmpty()) {
      return;
    }
    int newline = text.indexOf('\n');
    if (newline < 0) {
      return;
    }
    long id;
    try {
      id = Long.parseLong(text.substring(1, newline));
    } catch (NumberFormatException e) {
      return;
    }
    String rest = text.substring(newline + 1);
    if (text.charAt(0) == 'Q') {
      runner.execute(() -> answer(m.source(), id, rest));
    } else if (text.charAt(0) == 'A') {
      CompletableFuture<Reply> f = waiting.get(id);
      if (f != null) {
        f.complete(decode(rest));
      }
    }
  }

  private void answer(String requester, long id, String line) {
    Reply r;
    try {
      r = local.apply(line);
    } catch (RuntimeException e) {
      r = Reply.error(e.getMessage());
    }
    String text = "A" + id + "\n" + (r.ok() ? "1" : "0") + "\n" + String.join("\n", r.lines());
    CompletableFuture<Delivery> delivery = new CompletableFuture<>();
    delivery.whenComplete(
        (d, e) -> {
          if (e != null || !d.isComplete()) {
            LOG.info("[{}] answer to {} was not delivered: {}", node.name(), requester,
                e != null ? e.getMessage() : d.failed());
          }
        });
    sendText(requester, text, node.config().ackTimeout(), delivery);
  }

  private static Reply decode(String rest) {
    boolean ok = rest.startsWith("1");
    String output = rest.length() > 2 ? rest.substring(2) : "";
    List<String> lines = output.isEmpty() ? List.of() : List.of(output.split("\n", -1));
    return new Reply(ok, false, lines);
  }

  @Override
  public void close() {
    core.removeMessageHandler(CHANNEL, handler);
    runner.shutdownNow();
    waiting.values().forEach(f -> f.completeExceptionally(new MeshTimeoutException("closed")));
  }
}
