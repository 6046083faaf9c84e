package io.meshage.internal.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.MembershipEvent;
import io.meshage.MembershipEvent.Type;
import io.meshage.MeshConfig;
import io.meshage.internal.NodeStats;
import io.meshage.Subscription;
import io.meshage.internal.EventLoop;
import io.meshage.internal.NodeContext;
import io.meshage.internal.codec.BodyCodec;
import io.meshage.routing.Msa;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The tracker's classification, driven by hand: what it reports for each kind of change. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MembershipTrackerTest {
  /** Runs everything at once on the calling thread (the tests are the loop). */
  private static final class InlineLoop implements EventLoop {
    @Override
    public long nanoTime() {
      return 0;
    }

    @Override
    public void execute(Runnable task) {
      task.run();
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
      return () -> {};
    }

    @Override
    public boolean inLoop() {
      return true;
    }

    @Override
    public void shutdown() {}
  }

  private final Map<String, Msa> msas = new HashMap<>();
  private final Set<String> reachable = new HashSet<>();
  private final List<MembershipEvent> events = new ArrayList<>();
  private final MembershipTracker tracker =
      new MembershipTracker(
          new NodeContext(MeshConfig.builder("self").broadcastAddress("127.255.255.255").build(), new InlineLoop(),
              new Random(1), Runnable::run, new BodyCodec(8, 1 << 20), new NodeStats(), 1),
          msas::get, () -> Set.copyOf(reachable));

  private void announce(String node, long instance, Map<String, String> metadata) {
    Msa m = new Msa(node, instance, msas.containsKey(node) ? msas.get(node).sequence() + 1 : 1, Set.of("self"), metadata);
    msas.put(node, m);
    tracker.msaAccepted(m);
  }

  private List<String> seen() {
    return events.stream().map(e -> e.type() + " " + e.node() + " " + e.reason()).toList();
  }

  @Test
  void everyKindOfChangeIsTypedWithItsReason() {
    announce("a", 1, Map.of());
    reachable.add("a");
    Subscription sub = tracker.subscribe(events::add);
    assertThat(events).as("nodes known at subscription are not reported as joined").isEmpty();

    tracker.linkUp("b", "10.0.0.2");
    announce("b", 5, Map.of("t.role", "web"));
    reachable.add("b");
    tracker.recomputed();
    announce("b", 5, Map.of("t.role", "db", "d.shared", "x"));
    announce("b", 5, Map.of("t.role", "db", "d.shared", "y"));
    announce("b", 5, Map.of("t.role", "db", "c.s", "busy", "d.shared", "y"));
    announce("b", 9, Map.of("t.role", "db"));
    announce("a", 1, Map.of(MembershipTracker.BYE_KEY, "1"));
    reachable.remove("a");
    tracker.recomputed();
    tracker.linkDown("b", "closed by peer");
    reachable.remove("b");
    tracker.recomputed();

    assertThat(seen()).containsExactly(
        "LINK_UP b ",
        "JOINED b ",
        "UPDATED b changed tag role",
        "UPDATED b changed status",
        "RESTARTED b new instance 9",
        "LEFT a said bye",
        "LINK_DOWN b closed by peer",
        "FAILED b link down: closed by peer");
    assertThat(events.get(1).tags()).isEqualTo(Map.of("role", "web"));
    assertThat(events.get(1).address()).isEqualTo("10.0.0.2");
    assertThat(events.get(1).instance()).isEqualTo(5);

    sub.close();
    reachable.add("c");
    msas.put("c", new Msa("c", 1, 1, Set.of("self"), Map.of()));
    tracker.recomputed();
    assertThat(events).hasSize(8);
  }
}
