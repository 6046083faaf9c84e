package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.MembershipEvent;
import io.meshage.MeshNode;
import io.meshage.Subscription;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code mesh send} and a FAILED membership event: a target that is reachable again within {@link
 * MeshSend.FAILED_GRACE} (a link swapped while the mesh forms) is not reported failed; one still
 * unreachable then is. The node is a stand-in, so the events come exactly when the test says.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MeshSendGraceTest {
  private final Set<String> reachable = ConcurrentHashMap.newKeySet();
  private final CompletableFuture<Consumer<MembershipEvent>> watcher = new CompletableFuture<>();
  private final CompletableFuture<Consumer<Reply>> end = new CompletableFuture<>();
  private final BlockingQueue<String> out = new LinkedBlockingQueue<>();
  /** The checks MeshSend leaves for after the grace: the test runs them when it chooses. */
  private final BlockingQueue<Runnable> afterGrace = new LinkedBlockingQueue<>();

  private MeshSend send() {
    MeshNode node = (MeshNode) Proxy.newProxyInstance(MeshNode.class.getClassLoader(), new Class<?>[] {MeshNode.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "name" -> "n1";
          case "broadcastRecipients" -> Set.copyOf(reachable);
          case "tagsOf" -> Map.of();
          case "onMembership" -> {
            @SuppressWarnings("unchecked")
            Consumer<MembershipEvent> l = (Consumer<MembershipEvent>) args[0];
            watcher.complete(l);
            yield (Subscription) () -> {};
          }
          default -> throw new UnsupportedOperationException(method.getName());
        });
    RemoteShell remote = new RemoteShell() {
      @Override
      public void serve(java.util.function.BiFunction<String, Consumer<String>, Reply> local) {}

      @Override
      public Job start(String target, String line, Consumer<String> lines, Consumer<Reply> done) {
        end.complete(done);
        return () -> {};
      }

      @Override
      public void close() {}
    };
    return new MeshSend(node, remote, (line, lines) -> Reply.empty(), Duration.ZERO, afterGrace::add);
  }

  private CompletableFuture<Reply> run(MeshSend send) {
    return CompletableFuture.supplyAsync(() -> send.send("n3", "echo x", MeshSend.Printer.text(out::add)));
  }

  private static MembershipEvent failed(String node) {
    return new MembershipEvent(MembershipEvent.Type.FAILED, node, 1, "127.0.0.1:1", Map.of(),
        "link down: peer said bye: replaced by a simultaneous dial");
  }

  @Test
  void aTargetReachableAgainWithinTheGraceIsNotReportedFailed() throws Exception {
    reachable.add("n3");
    CompletableFuture<Reply> done = run(send());
    Consumer<Reply> ended = end.get(10, TimeUnit.SECONDS);
    Consumer<MembershipEvent> membership = watcher.get(10, TimeUnit.SECONDS);
    reachable.remove("n3");
    membership.accept(failed("n3"));
    assertThat(out).as("nothing said before the grace").isEmpty();
    reachable.add("n3"); // the new link is up
    afterGrace.poll(10, TimeUnit.SECONDS).run(); // the grace has passed
    assertThat(out).isEmpty();
    ended.accept(new Reply(true, false, List.of("x")));
    assertThat(done.get(10, TimeUnit.SECONDS).ok()).isTrue();
    assertThat(out).containsExactly("n3: x");
  }

  @Test
  void aTargetStillUnreachableAfterTheGraceIsReportedFailed() throws Exception {
    reachable.add("n3");
    CompletableFuture<Reply> done = run(send());
    end.get(10, TimeUnit.SECONDS);
    Consumer<MembershipEvent> membership = watcher.get(10, TimeUnit.SECONDS);
    reachable.remove("n3");
    membership.accept(failed("n3"));
    assertThat(out).as("nothing said before the grace").isEmpty();
    afterGrace.poll(10, TimeUnit.SECONDS).run(); // the grace has passed, n3 is still gone
    assertThat(out.poll(10, TimeUnit.SECONDS))
        .isEqualTo("n3: failed: node failed (link down: peer said bye: replaced by a simultaneous dial)");
    assertThat(done.get(10, TimeUnit.SECONDS).ok()).isFalse();
  }
}
