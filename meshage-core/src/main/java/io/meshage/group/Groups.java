package io.meshage.group;

import io.meshage.internal.LayerScheduler;
import io.meshage.internal.command.CommandRegistry;
import io.meshage.MeshNode;
import io.meshage.Subscription;
import io.meshage.command.MeshCommands;
import io.meshage.command.NodeStatus;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Diarkis-style groups over the mesh (get it from {@code node.groups()}): members attached to
 * this node create groups, join groups created anywhere, leave them and broadcast to every member
 * wherever it is. Thread-safe; futures always complete, failures are {@link GroupException}s.
 *
 * <p><b>Where a group lives.</b> The node that creates a group holds its record (the id names it)
 * and is asked for every join and leave; it sends the roster changes to the member nodes, so each
 * member node knows every member. A broadcast goes from the sender's node straight to the other
 * member nodes, through a relay tree of {@code relayLimit} fan-out, and each hands it to its own
 * members; never back to the sender. Messages are batched per group by its interval.
 *
 * <p><b>Node loss.</b> When a member node is lost, the holder discards its members and sends the
 * discard custom message for each. When the holder is lost, the member nodes rejoin their members
 * through the surviving member node first in name order (trying up to {@code remoteJoinTries}
 * nodes), which takes the group over; each rejoined member's rejoin custom message is sent. Two
 * takeovers at once (or on two sides of a partition) settle on one holder: the higher epoch, then
 * the smaller name; when a node comes back into sight the holder resends it the roster, so members
 * discarded while it was out of sight register again.
 *
 * <p><b>Static groups</b> from {@link GroupConfig} exist on every node, are never discarded and
 * have no holder: joins and leaves are local, and each node announces in its metadata which static
 * groups have members on it, so broadcasts reach just those nodes.
 */
public final class Groups {
  private static final long MIN_TTL_SECONDS = 10;

  private final MeshNode node;
  private final GroupConfig config;
  private final LayerScheduler scheduler;
  private final MeshCommands commands;
  private final String self;
  private final GroupTable table;
  private final Outbox outbox;
  private final GroupHolder holder;
  private final Map<GroupOperation, HookChain> before = new EnumMap<>(GroupOperation.class);
  private final Map<GroupOperation, HookChain> after = new EnumMap<>(GroupOperation.class);
  private final SplittableRandom random;
  private int created;
  private volatile boolean closed;

  /**
   * Attaches the group layer to a node: registers its reserved commands in {@code reserved} and
   * watches the topology. For {@code MeshNode} only, which does it once: two of its parameters'
   * types are not exported, so code outside this module cannot call it; use {@code node.groups()}.
   */
  public Groups(MeshNode node, GroupConfig config, LayerScheduler scheduler, CommandRegistry reserved) {
    this.node = node;
    this.config = config;
    this.scheduler = scheduler;
    this.commands = node.commands();
    this.self = node.name();
    this.table = new GroupTable(node);
    this.outbox = new Outbox(table, commands, scheduler, config.relayLimit(), node.instance());
    this.holder = new GroupHolder(table, commands, outbox, scheduler, config.relayLimit());
    this.random = new SplittableRandom(node.instance() ^ self.hashCode());
    for (GroupOperation op : GroupOperation.values()) {
      before.put(op, new HookChain("before " + op.name().toLowerCase(), op));
      after.put(op, new HookChain("after " + op.name().toLowerCase(), op));
    }
    for (GroupConfig.StaticGroup s : config.staticGroups()) {
      GroupState st = new GroupState(s.groupId(), true);
      st.intervalMillis = s.interval().toMillis();
      table.put(st);
    }
    reserved.handleReservedCommand(GroupWire.JOIN, holder::onJoin);
    reserved.handleReservedCommand(GroupWire.LEAVE, holder::onLeave);
    reserved.handleReservedCommand(GroupWire.REJOIN, holder::onRejoin);
    reserved.handleReservedCommand(GroupWire.ROSTER, holder::onRoster);
    reserved.handleReservedCommand(GroupWire.LOCATE, holder::onLocate);
    reserved.handleReservedCommand(GroupWire.DELIVER, (req, sender) -> outbox.arrived(req));
    Failover failover = new Failover(table, holder, commands, outbox, config);
    node.onTopologyChange(mesh -> failover.topologyChanged());
  }

  /** This node's group counters. */
  public GroupStats stats() {
    return table.stats;
  }

  public GroupConfig config() {
    return config;
  }

  /** A member attached to this node. */
  public Member member(String uid, String sid, MemberSink sink) {
    return new Member(uid, sid, self, sink);
  }

  // ---------------------------------------------------------------- create, join, leave

  /**
   * Creates a group held by this node and completes with its id (Diarkis' NewGroup). Fails with
   * INVALID_TTL (ttl of 10 s or less), NODE_OFFLINE (this node's status is OFFLINE),
   * EMPTY_WITHOUT_JOIN (allowEmpty false needs join true) or REFUSED_BY_HOOK.
   *
   * @param creator the member creating it, attached to this node
   * @param allowEmpty whether the group stays, empty, until the TTL expires
   * @param join whether the creator joins at once
   * @param ttl how long an allowEmpty group lives without members
   * @param interval batching interval of its broadcasts; under 100 ms means none
   */
  public CompletableFuture<String> create(
      Member creator, boolean allowEmpty, boolean join, Duration ttl, Duration interval) {
    GroupArgs.checkLocal(creator, self);
    if (ttl == null || interval == null || interval.isNegative()) {
      throw new IllegalArgumentException("ttl and interval must be given, interval >= 0");
    }
    if (ttl.getSeconds() <= MIN_TTL_SECONDS) {
      return fail(GroupOperation.CREATE, GroupError.INVALID_TTL,
          "TTL must be greater than " + MIN_TTL_SECONDS + " s, got " + ttl);
    }
    if (node.cluster().status() == NodeStatus.OFFLINE) {
      return fail(GroupOperation.CREATE, GroupError.NODE_OFFLINE,
          "node " + self + " is OFFLINE: it cannot create groups");
    }
    if (!allowEmpty && !join) {
      return fail(GroupOperation.CREATE, GroupError.EMPTY_WITHOUT_JOIN,
          "allowEmpty false requires join true, or the group would be deleted at once");
    }
    long intervalMillis = GroupArgs.normalInterval(interval).toMillis();
    GroupEvent event = new GroupEvent(GroupOperation.CREATE, null, creator, 0, 0, new byte[0]);
    return operate(event,
        () -> CompletableFuture.completedFuture(
            newGroup(creator, allowEmpty, join, ttl.toMillis(), intervalMillis)),
        id -> new GroupEvent(GroupOperation.CREATE, id, creator, 0, 0, new byte[0]));
  }

  private String newGroup(Member creator, boolean allowEmpty, boolean join, long ttl, long interval) {
    synchronized (table) {
      checkOpen(GroupOperation.CREATE);
      String id = GroupWire.newId(random.nextLong(), ++created, self);
      GroupState st = new GroupState(id, false);
      st.allowEmpty = allowEmpty;
      st.ttlMillis = ttl;
      st.intervalMillis = interval;
      st.newEpoch(self);
      table.put(st);
      table.stats.increment(GroupCounter.CREATED);
      if (join) {
        holder.join(st, creator.uid(), creator.sid(), self);
        table.addLocal(st, creator);
      } else {
        holder.checkEmpty(st);
      }
      return id;
    }
  }

  /** Joins without a message to the other members. */
  public CompletableFuture<Void> join(String groupId, Member member) {
    return join(groupId, member, 0, 0, null);
  }

  /**
   * Adds {@code member} (attached to this node) to the group, asking the node that holds it, and
   * sends {@code message} (when not null or empty) to the other members as a JOIN message. Fails
   * with ALREADY_MEMBER, NO_SUCH_GROUP, TIMED_OUT, UNREACHABLE or REFUSED_BY_HOOK.
   */
  public CompletableFuture<Void> join(String groupId, Member member, int ver, int cmd, byte[] message) {
    GroupArgs.checkGroupId(groupId);
    GroupArgs.checkLocal(member, self);
    byte[] msg = GroupArgs.checkMessage(ver, cmd, message);
    GroupEvent event = new GroupEvent(GroupOperation.JOIN, groupId, member, ver, cmd, msg);
    return operate(event, () -> new Joiner(this, groupId, member).start().thenApply(st -> {
      if (msg.length > 0) {
        outbox.enqueue(st, GroupMessage.Kind.JOIN, member.uid(), ver, cmd, msg, true);
      }
      return null;
    }), v -> event);
  }

  /** Leaves without a message to the other members. */
  public CompletableFuture<Void> leave(String groupId, Member member) {
    return leave(groupId, member, 0, 0, null);
  }

  /**
   * Removes {@code member} from the group at once on this node (it receives nothing more) and at
   * the holder; sends {@code message} (when not null or empty) to the other members as a LEAVE
   * message. Fails with NOT_A_MEMBER, NO_SUCH_GROUP, TIMED_OUT (the holder did not confirm; the
   * member is out here all the same) or REFUSED_BY_HOOK.
   */
  public CompletableFuture<Void> leave(String groupId, Member member, int ver, int cmd, byte[] message) {
    GroupArgs.checkGroupId(groupId);
    GroupArgs.checkLocal(member, self);
    byte[] msg = GroupArgs.checkMessage(ver, cmd, message);
    GroupEvent event = new GroupEvent(GroupOperation.LEAVE, groupId, member, ver, cmd, msg);
    return operate(event, () -> new Leaver(this, outbox).leave(groupId, member, ver, cmd, msg), v -> event);
  }

  /** Under lock: forgets a group this node neither holds nor has members or pending joins in. */
  void dropIfUnused(GroupState st) {
    if (!st.isStatic && !st.heldBy(self) && st.local.isEmpty() && st.pendingJoins == 0) {
      table.remove(st);
    }
  }

  // ---------------------------------------------------------------- broadcast

  /**
   * Sends a message from {@code sender} (a member here) to every other member of the group,
   * batched by the group's interval; completes when the batch went out with the member nodes it
   * could not reach. Fails with NO_SUCH_GROUP, NOT_A_MEMBER or REFUSED_BY_HOOK.
   *
   * @param reliable whether member nodes confirm it (and missed ones are reported as such); an
   *     unreliable one is sent once, without confirmation
   */
  public CompletableFuture<GroupDelivery> broadcast(
      String groupId, Member sender, int ver, int cmd, byte[] message, boolean reliable) {
    GroupArgs.checkGroupId(groupId);
    GroupArgs.checkLocal(sender, self);
    byte[] msg = GroupArgs.checkMessage(ver, cmd, message);
    GroupEvent event = new GroupEvent(GroupOperation.BROADCAST, groupId, sender, ver, cmd, msg);
    return operate(event, () -> {
      synchronized (table) {
        checkOpen(GroupOperation.BROADCAST);
        GroupState st = table.get(groupId);
        if (st == null) {
          return fail(GroupOperation.BROADCAST, GroupError.NO_SUCH_GROUP, "no group " + groupId + " on " + self);
        }
        if (!st.local.containsKey(sender.uid())) {
          return fail(GroupOperation.BROADCAST, GroupError.NOT_A_MEMBER,
              "sender " + sender.uid() + " is not a member of group " + groupId + " on " + self);
        }
        return outbox.enqueue(st, GroupMessage.Kind.BROADCAST, sender.uid(), ver, cmd, msg, reliable);
      }
    }, d -> event);
  }

  /**
   * Sends a message without a sender to every member of a group this node knows (holds, has
   * members in, or static); no hooks. Fails with NO_SUCH_GROUP.
   */
  public CompletableFuture<GroupDelivery> announce(
      String groupId, int ver, int cmd, byte[] message, boolean reliable) {
    GroupArgs.checkGroupId(groupId);
    byte[] msg = GroupArgs.checkMessage(ver, cmd, message);
    synchronized (table) {
      GroupState st = table.get(groupId);
      if (closed || st == null) {
        return fail(GroupOperation.BROADCAST, closed ? GroupError.CLOSED : GroupError.NO_SUCH_GROUP,
            "no group " + groupId + " on " + self);
      }
      return outbox.enqueue(st, GroupMessage.Kind.ANNOUNCE, null, ver, cmd, msg, reliable);
    }
  }

  // ---------------------------------------------------------------- queries

  /** The groups of a member of this node, oldest joined first. */
  public List<String> groupIds(Member member) {
    return table.groupsOf(member.uid());
  }

  /** The group the member joined or created last. */
  public Optional<String> latestGroupId(Member member) {
    List<String> ids = table.groupsOf(member.uid());
    return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(ids.size() - 1));
  }

  /** The nodes with members of the group, sorted; empty when this node does not know it. */
  public Set<String> memberNodes(String groupId) {
    GroupState st = table.get(groupId);
    return st == null ? Set.of() : table.memberNodes(st);
  }

  /** The group as this node knows it. */
  public Optional<GroupView> group(String groupId) {
    return table.view(groupId);
  }

  /** Every group this node knows, sorted. */
  public Set<String> knownGroups() {
    Set<String> ids = new TreeSet<>();
    table.all().forEach(st -> ids.add(st.id));
    return ids;
  }

  // ---------------------------------------------------------------- ticks, custom messages, hooks

  /**
   * Calls {@code callback} with the group id every {@code interval} on the node's clock while this
   * node knows the group; stops when it is discarded here or the result is closed.
   *
   * @throws GroupException NO_SUCH_GROUP when this node does not know the group
   */
  public Subscription onTick(String groupId, Consumer<String> callback, Duration interval) {
    if (callback == null || interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("onTick needs a callback and a positive interval");
    }
    synchronized (table) {
      GroupState st = table.get(groupId);
      if (st == null) {
        throw new GroupException(GroupOperation.TICK, GroupError.NO_SUCH_GROUP,
            "no group " + groupId + " on " + self);
      }
      GroupTicker t = new GroupTicker(table, scheduler, st, callback, interval.toNanos());
      st.ticks.add(t::cancel);
      t.arm();
      return () -> {
        synchronized (table) {
          t.cancel();
        }
      };
    }
  }

  /** The message sent to the other members when a member is discarded (its node was lost). */
  public void setOnDiscardCustomMessage(GroupCustomMessage custom) {
    holder.onDiscard = custom;
  }

  /** The message sent to the other members when a member rejoined after its holder was lost. */
  public void setOnRejoinCustomMessage(GroupCustomMessage custom) {
    holder.onRejoin = custom;
  }

  public void beforeCreate(GroupHook hook) {
    before.get(GroupOperation.CREATE).add(hook);
  }

  public void afterCreate(GroupHook hook) {
    after.get(GroupOperation.CREATE).add(hook);
  }

  public void beforeJoin(GroupHook hook) {
    before.get(GroupOperation.JOIN).add(hook);
  }

  public void afterJoin(GroupHook hook) {
    after.get(GroupOperation.JOIN).add(hook);
  }

  public void beforeLeave(GroupHook hook) {
    before.get(GroupOperation.LEAVE).add(hook);
  }

  public void afterLeave(GroupHook hook) {
    after.get(GroupOperation.LEAVE).add(hook);
  }

  public void beforeBroadcast(GroupHook hook) {
    before.get(GroupOperation.BROADCAST).add(hook);
  }

  public void afterBroadcast(GroupHook hook) {
    after.get(GroupOperation.BROADCAST).add(hook);
  }

  /** Fails queued messages and stops timers; called when the node closes. */
  public void close() {
    closed = true;
    before.values().forEach(h -> h.closed(self));
    after.values().forEach(h -> h.closed(self));
    for (GroupState st : table.all()) {
      outbox.fail(st, new GroupException(GroupOperation.BROADCAST, GroupError.CLOSED,
          "node " + self + " closed before the message went out"));
      synchronized (table) {
        st.ticks.forEach(Runnable::run);
        st.ticks.clear();
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Runs the before hooks, the operation, then the after hooks (on the event with the result). */
  private <T> CompletableFuture<T> operate(GroupEvent event, Supplier<CompletableFuture<T>> op,
      Function<T, GroupEvent> afterEvent) {
    long hookNanos = config.hookTimeout().toNanos();
    return before.get(event.operation()).run(event, scheduler, hookNanos)
        .thenCompose(v -> op.get())
        .thenCompose(r -> after.get(event.operation())
            .run(afterEvent.apply(r), scheduler, hookNanos).thenApply(v -> r))
        .handle((r, e) -> {
          if (e == null) {
            return CompletableFuture.completedFuture(r);
          }
          Throwable c = GroupArgs.unwrap(e);
          return CompletableFuture.<T>failedFuture(c instanceof GroupException ? c
              : new GroupException(event.operation(), GroupError.UNREACHABLE, c.toString(), c));
        })
        .thenCompose(f -> f);
  }

  <T> CompletableFuture<T> fail(GroupOperation op, GroupError reason, String message) {
    return CompletableFuture.failedFuture(new GroupException(op, reason, message));
  }

  void checkOpen(GroupOperation op) {
    if (closed) {
      throw new GroupException(op, GroupError.CLOSED, "node " + self + " is closed");
    }
  }

  GroupTable table() {
    return table;
  }

  GroupHolder holder() {
    return holder;
  }

  MeshCommands commands() {
    return commands;
  }

  GroupConfig settings() {
    return config;
  }

  boolean closed() {
    return closed;
  }
}
