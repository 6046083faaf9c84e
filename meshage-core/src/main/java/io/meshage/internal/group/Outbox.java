package io.meshage.internal.group;

import io.meshage.MeshException;
import io.meshage.UnreachableException;
import io.meshage.command.MeshCommands;
import io.meshage.command.PartialFailureException;
import io.meshage.command.Payloads;
import io.meshage.group.GroupCounter;
import io.meshage.group.GroupDelivery;
import io.meshage.group.GroupMessage;
import io.meshage.group.Member;
import io.meshage.internal.LayerScheduler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Sends group messages: queues them per group and reliability, and every batching interval
 * delivers the batch to the members here and, as one command per chunk of at
 * most {@value #CHUNK_BYTES} bytes, to the other member nodes through a relay tree of
 * {@code relayLimit} fan-out. With interval 0 each message goes out at once on its own. Each
 * message's future reports the member nodes it missed.
 */
final class Outbox {
  private static final Logger LOG = LogManager.getLogger(Outbox.class);
  static final int CHUNK_BYTES = 512 * 1024;
  /** How many received batch ids a node remembers to drop a resent batch it already has. */
  static final int SEEN_BATCHES = 8192;

  /** One queued message; {@code done} is null for received ones. */
  record Item(GroupMessage.Kind kind, String uid, int ver, int cmd, byte[] message,
      CompletableFuture<GroupDelivery> done) {}

  /** The messages of one group and reliability waiting for the next flush. */
  static final class Queue {
    final List<Item> items = new ArrayList<>();
    Runnable timer;
  }

  private final GroupTable table;
  private final MeshCommands commands;
  private final LayerScheduler scheduler;
  private final int relayLimit;
  private final String self;
  private final String batchPrefix;
  private final AtomicLong nextBatch = new AtomicLong();
  private final Set<String> seen = new LinkedHashSet<>();

  Outbox(GroupTable table, MeshCommands commands, LayerScheduler scheduler, int relayLimit,
      long instance) {
    this.table = table;
    this.commands = commands;
    this.scheduler = scheduler;
    this.relayLimit = relayLimit;
    this.self = table.self;
    this.batchPrefix = self + "/" + Long.toHexString(instance) + "/";
  }

  /** Queues a message for {@code st}; the result completes when its batch went out. */
  CompletableFuture<GroupDelivery> enqueue(GroupState st, GroupMessage.Kind kind, String uid,
      int ver, int cmd, byte[] message, boolean reliable) {
    CompletableFuture<GroupDelivery> done = new CompletableFuture<>();
    synchronized (table) {
      Queue q = reliable ? st.reliable : st.unreliable;
      q.items.add(new Item(kind, uid, ver, cmd, message, done));
      table.stats.increment(GroupCounter.MESSAGES_QUEUED);
      if (q.timer == null) {
        if (st.intervalMillis == 0) {
          q.timer = () -> {};
          scheduler.execute(() -> flush(st, reliable));
        } else {
          q.timer = scheduler.schedule(() -> flush(st, reliable), st.intervalMillis * 1_000_000L);
        }
      }
    }
    return done;
  }

  /** Fails every queued message (the node closes). */
  void fail(GroupState st, MeshException e) {
    List<Item> items = new ArrayList<>();
    synchronized (table) {
      for (Queue q : List.of(st.reliable, st.unreliable)) {
        items.addAll(q.items);
        q.items.clear();
        if (q.timer != null) {
          q.timer.run();
          q.timer = null;
        }
      }
    }
    items.forEach(i -> i.done().completeExceptionally(e));
  }

  void flush(GroupState st, boolean reliable) {
    List<Item> items;
    Set<String> targets;
    List<Member> locals;
    synchronized (table) {
      Queue q = reliable ? st.reliable : st.unreliable;
      items = new ArrayList<>(q.items);
      q.items.clear();
      q.timer = null;
      targets = new HashSet<>(table.memberNodes(st));
      targets.remove(self);
      locals = new ArrayList<>(st.local.values());
    }
    if (items.isEmpty()) {
      return;
    }
    table.stats.increment(GroupCounter.BATCHES);
    deliver(st.id, locals, items);
    if (targets.isEmpty()) {
      items.forEach(i -> i.done().complete(new GroupDelivery(Set.of(), Map.of())));
      return;
    }
    List<CompletableFuture<Map<String, MeshException>>> sends = new ArrayList<>();
    List<List<Item>> chunks = st.intervalMillis == 0 ? items.stream().map(List::of).toList() : chunks(items);
    for (List<Item> chunk : chunks) {
      sends.add(send(st.id, chunk, targets, reliable));
    }
    CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0])).whenComplete((v, e) -> {
      Map<String, MeshException> unreached = new TreeMap<>();
      for (CompletableFuture<Map<String, MeshException>> s : sends) {
        s.join().forEach(unreached::putIfAbsent);
      }
      GroupDelivery d = new GroupDelivery(targets, unreached);
      items.forEach(i -> i.done().complete(d));
    });
  }

  private static List<List<Item>> chunks(List<Item> items) {
    List<List<Item>> out = new ArrayList<>();
    List<Item> chunk = new ArrayList<>();
    int bytes = 0;
    for (Item i : items) {
      int size = i.message().length + 64 + (i.uid() == null ? 0 : i.uid().length() * 3);
      if (!chunk.isEmpty() && bytes + size > CHUNK_BYTES) {
        out.add(chunk);
        chunk = new ArrayList<>();
        bytes = 0;
      }
      chunk.add(i);
      bytes += size;
    }
    out.add(chunk);
    return out;
  }

  /**
   * Sends one chunk to the member nodes: those not reachable now are reported at once and not
   * used as relays; a reliable send that missed nodes still reachable afterwards (a relay died
   * with the message) is sent to them once more. Receivers drop a chunk they already have.
   */
  private CompletableFuture<Map<String, MeshException>> send(
      String groupId, List<Item> chunk, Set<String> targets, boolean reliable) {
    List<Object> wire = new ArrayList<>(chunk.size());
    chunk.forEach(i -> wire.add(GroupWire.item(i)));
    table.stats.increment(GroupCounter.BATCH_SENDS);
    String batch = batchPrefix + nextBatch.incrementAndGet();
    Map<String, Object> data = Map.of("g", groupId, "b", batch, "items", wire);
    Map<String, MeshException> missed = new TreeMap<>();
    Set<String> live = reachableOf(groupId, targets, missed);
    if (live.isEmpty()) {
      return CompletableFuture.completedFuture(missed);
    }
    if (!reliable) {
      commands.usendMany(GroupWire.DELIVER, live, data, relayLimit);
      return CompletableFuture.completedFuture(missed);
    }
    return sendMany(data, live).thenCompose(first -> {
      Map<String, MeshException> again = new TreeMap<>();
      Set<String> retry = reachableOf(groupId, first.keySet(), again);
      if (retry.isEmpty()) {
        missed.putAll(first);
        return CompletableFuture.completedFuture(missed);
      }
      table.stats.increment(GroupCounter.RETRIES);
      return sendMany(data, retry).thenApply(second -> {
        missed.putAll(again);
        missed.putAll(second);
        return missed;
      });
    });
  }

  /** The reachable nodes of {@code nodes}; the others go into {@code missed}. */
  private Set<String> reachableOf(String groupId, Set<String> nodes, Map<String, MeshException> missed) {
    Set<String> reachable = table.reachable();
    Set<String> live = new HashSet<>();
    for (String n : nodes) {
      if (reachable.contains(n)) {
        live.add(n);
      } else {
        missed.put(n, new UnreachableException(n, "member node " + n + " of group " + groupId
            + " is not reachable from " + self));
      }
    }
    return live;
  }

  private CompletableFuture<Map<String, MeshException>> sendMany(Map<String, Object> data, Set<String> to) {
    return commands.sendMany(GroupWire.DELIVER, to, data, relayLimit).handle((v, e) -> {
      Map<String, MeshException> missed = new TreeMap<>();
      if (e == null) {
        return missed;
      }
      Throwable c = GroupArgs.unwrap(e);
      if (c instanceof PartialFailureException p) {
        missed.putAll(p.causes());
      } else {
        MeshException m = c instanceof MeshException me ? me : new MeshException(c.toString(), c);
        to.forEach(n -> missed.put(n, m));
      }
      return missed;
    });
  }

  /** The DELIVER command: a batch for the members on this node. */
  Map<String, ?> arrived(Map<String, Object> data) {
    String batch = Payloads.getString(data, "b");
    synchronized (seen) {
      if (!seen.add(batch)) {
        table.stats.increment(GroupCounter.DUPLICATES);
        return Map.of();
      }
      if (seen.size() > SEEN_BATCHES) {
        seen.remove(seen.iterator().next());
      }
    }
    GroupState st = table.get(Payloads.getString(data, "g"));
    if (st == null) {
      table.stats.increment(GroupCounter.UNKNOWN_GROUP);
      return Map.of();
    }
    List<Item> items = new ArrayList<>();
    for (Object o : Payloads.getList(data, "items")) {
      items.add(GroupWire.item(o));
    }
    List<Member> locals;
    synchronized (table) {
      locals = new ArrayList<>(st.local.values());
    }
    deliver(st.id, locals, items);
    return Map.of();
  }

  /** Hands each message to every member here except the one it comes from. */
  void deliver(String groupId, List<Member> members, List<Item> items) {
    for (Item i : items) {
      for (Member m : members) {
        if (!m.uid().equals(i.uid())) {
          deliverTo(m, new GroupMessage(groupId, i.kind(), i.uid(), i.ver(), i.cmd(), i.message().clone()));
        }
      }
    }
  }

  void deliverTo(Member m, GroupMessage message) {
    table.stats.increment(GroupCounter.DELIVERED);
    try {
      m.sink().deliver(message);
    } catch (RuntimeException e) {
      LOG.warn("[{}] sink of member {} threw on a message of group {}: {}", self, m.uid(),
          message.groupId(), e.toString());
    }
  }
}
