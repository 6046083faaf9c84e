package io.meshage.internal.group;

import io.meshage.MeshNode;
import io.meshage.Subscription;
import io.meshage.command.MeshCommands;
import io.meshage.command.NodeStatus;
import io.meshage.group.GroupConfig;
import io.meshage.group.GroupCounter;
import io.meshage.group.GroupCustomMessage;
import io.meshage.group.GroupDelivery;
import io.meshage.group.GroupError;
import io.meshage.group.GroupEvent;
import io.meshage.group.GroupException;
import io.meshage.group.GroupHook;
import io.meshage.group.GroupMessage;
import io.meshage.group.GroupOperation;
import io.meshage.group.GroupStats;
import io.meshage.group.GroupView;
import io.meshage.group.Groups;
import io.meshage.group.Member;
import io.meshage.group.MemberSink;
import io.meshage.internal.LayerScheduler;
import io.meshage.internal.check.SendIntervals;
import io.meshage.internal.command.CommandRegistry;
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

/** The one implementation of {@link Groups}, over the node's public API plus the reserved command ids and the layer clock; built by {@code NodeLayers}. */
public final class LocalGroups implements Groups {
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

  /** Built by the node factories (see {@code NodeLayers}). */
  public LocalGroups(MeshNode node, GroupConfig config, LayerScheduler scheduler, CommandRegistry reserved) {
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

  @Override
  public GroupStats stats() {
    return table.stats;
  }

  @Override
  public GroupConfig config() {
    return config;
  }

  @Override
  public Member member(String uid, String sid, MemberSink sink) {
    return new Member(uid, sid, self, sink);
  }

  // ---------------------------------------------------------------- create, join, leave

  @Override
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
    long intervalMillis = SendIntervals.normal(interval).toMillis();
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

  @Override
  public CompletableFuture<Void> join(String groupId, Member member) {
    return join(groupId, member, 0, 0, null);
  }

  @Override
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

  @Override
  public CompletableFuture<Void> leave(String groupId, Member member) {
    return leave(groupId, member, 0, 0, null);
  }

  @Override
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

  @Override
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

  @Override
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

  @Override
  public List<String> groupIds(Member member) {
    return table.groupsOf(member.uid());
  }

  @Override
  public Optional<String> latestGroupId(Member member) {
    List<String> ids = table.groupsOf(member.uid());
    return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(ids.size() - 1));
  }

  @Override
  public Set<String> memberNodes(String groupId) {
    GroupState st = table.get(groupId);
    return st == null ? Set.of() : table.memberNodes(st);
  }

  @Override
  public Optional<GroupView> group(String groupId) {
    return table.view(groupId);
  }

  @Override
  public Set<String> knownGroups() {
    Set<String> ids = new TreeSet<>();
    table.all().forEach(st -> ids.add(st.id));
    return ids;
  }

  // ---------------------------------------------------------------- ticks, custom messages, hooks

  @Override
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

  @Override
  public void setOnDiscardCustomMessage(GroupCustomMessage custom) {
    holder.onDiscard = custom;
  }

  @Override
  public void setOnRejoinCustomMessage(GroupCustomMessage custom) {
    holder.onRejoin = custom;
  }

  @Override
  public void beforeCreate(GroupHook hook) {
    before.get(GroupOperation.CREATE).add(hook);
  }

  @Override
  public void afterCreate(GroupHook hook) {
    after.get(GroupOperation.CREATE).add(hook);
  }

  @Override
  public void beforeJoin(GroupHook hook) {
    before.get(GroupOperation.JOIN).add(hook);
  }

  @Override
  public void afterJoin(GroupHook hook) {
    after.get(GroupOperation.JOIN).add(hook);
  }

  @Override
  public void beforeLeave(GroupHook hook) {
    before.get(GroupOperation.LEAVE).add(hook);
  }

  @Override
  public void afterLeave(GroupHook hook) {
    after.get(GroupOperation.LEAVE).add(hook);
  }

  @Override
  public void beforeBroadcast(GroupHook hook) {
    before.get(GroupOperation.BROADCAST).add(hook);
  }

  @Override
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
