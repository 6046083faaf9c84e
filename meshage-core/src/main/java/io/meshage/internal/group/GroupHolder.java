package io.meshage.internal.group;

import io.meshage.command.MeshCommands;
import io.meshage.command.Payloads;
import io.meshage.group.GroupCounter;
import io.meshage.group.GroupCustomMessage;
import io.meshage.group.GroupError;
import io.meshage.group.GroupMessage;
import io.meshage.group.Member;
import io.meshage.internal.LayerScheduler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The node holding a group's record: adds and removes members, sends roster changes to the member
 * nodes, discards members whose node was lost, takes a group over when its holder was lost, and
 * discards empty groups (at once, or after the TTL for allowEmpty groups). Also answers the roster
 * updates and locate requests every member node gets. Methods marked "under lock" expect the
 * table's lock held.
 */
final class GroupHolder {
  private static final Logger LOG = LogManager.getLogger(GroupHolder.class);

  private final GroupTable table;
  private final MeshCommands commands;
  private final Outbox outbox;
  private final LayerScheduler scheduler;
  private final int relayLimit;
  private final String self;
  volatile GroupCustomMessage onDiscard;
  volatile GroupCustomMessage onRejoin;

  GroupHolder(GroupTable table, MeshCommands commands, Outbox outbox, LayerScheduler scheduler,
      int relayLimit) {
    this.table = table;
    this.commands = commands;
    this.outbox = outbox;
    this.scheduler = scheduler;
    this.relayLimit = relayLimit;
    this.self = table.self;
  }

  // ---------------------------------------------------------------- membership (under lock)

  /** Under lock: adds a member of {@code node}; the answer is a snapshot or an error status. */
  Map<String, Object> join(GroupState st, String uid, String sid, String node) {
    if (st.isPresent(uid)) {
      return GroupWire.status(GroupError.ALREADY_MEMBER.name());
    }
    Set<String> targets = others(st, node);
    GroupState.Entry e = st.stamp(uid, sid, node, true);
    table.stats.increment(GroupCounter.JOINS_HELD);
    cancelTtl(st);
    push(st, targets, List.of(e));
    return GroupWire.snapshot(st);
  }

  /** Under lock: removes a member. */
  Map<String, Object> leave(GroupState st, String uid) {
    GroupState.Entry old = st.roster.get(uid);
    if (old == null || !old.present()) {
      return GroupWire.status(GroupError.NOT_A_MEMBER.name());
    }
    Set<String> targets = others(st, self);
    table.stats.increment(GroupCounter.LEAVES_HELD);
    push(st, targets, List.of(st.stamp(uid, old.sid(), old.node(), false)));
    checkEmpty(st);
    return GroupWire.status(GroupWire.OK);
  }

  /** Under lock: becomes the holder of {@code st}, discarding the members on lost nodes. */
  void takeOver(GroupState st) {
    String lost = st.holder;
    long oldEpoch = Math.max(1, st.epoch);
    st.newEpoch(self);
    table.stats.increment(GroupCounter.TAKEOVERS);
    LOG.info("[{}] takes over group {} from lost node {} (epoch {})", self, st.id, lost, st.epoch);
    List<GroupState.Entry> changes = discardLost(st);
    for (GroupState.Entry e : st.present()) {
      // Restamped in the new epoch: the new holder's roster beats what the lost one sent.
      changes.add(st.stamp(e.uid(), e.sid(), e.node(), true));
    }
    push(st, others(st, self), changes); // tells every member node the new holder
    holderChanged(st, oldEpoch);
    checkEmpty(st);
  }

  /**
   * Under lock: after the holder of {@code st} changed from epoch {@code oldEpoch} to a later one
   * (a takeover), sends the rejoin message of each member here, once per epoch.
   */
  void holderChanged(GroupState st, long oldEpoch) {
    if (oldEpoch == 0 || st.epoch <= oldEpoch || st.rejoinedEpoch >= st.epoch || st.local.isEmpty()) {
      return;
    }
    st.rejoinedEpoch = st.epoch;
    List<Member> locals = new ArrayList<>(st.local.values());
    scheduler.execute(() -> announceRejoins(st, locals));
  }

  /** Under lock, holder: drops the members whose node is not reachable, and tells the others. */
  void dropLost(GroupState st) {
    List<GroupState.Entry> changes = discardLost(st);
    if (!changes.isEmpty()) {
      push(st, others(st, self), changes);
      checkEmpty(st);
    }
  }

  private List<GroupState.Entry> discardLost(GroupState st) {
    Set<String> alive = new HashSet<>(table.reachable());
    alive.add(self);
    List<GroupState.Entry> gone = new ArrayList<>();
    List<GroupState.Entry> changes = new ArrayList<>();
    for (GroupState.Entry e : st.present()) {
      if (!alive.contains(e.node())) {
        gone.add(e);
        st.lostNodes.add(e.node());
        changes.add(st.stamp(e.uid(), e.sid(), e.node(), false));
      }
    }
    if (!gone.isEmpty()) {
      table.stats.add(GroupCounter.MEMBERS_DISCARDED, gone.size());
      LOG.info("[{}] group {}: discards {} member(s) of lost nodes", self, st.id, gone.size());
      scheduler.execute(() -> announceDiscards(st, gone));
    }
    return changes;
  }

  /**
   * Under lock, holder: nodes came (back) into sight. The member nodes among them learn who holds
   * the group (two sides of a healed partition settle on one holder: the higher epoch, then the
   * smaller name), and get the whole roster: members discarded while out of sight but still there
   * register again, members the roster lists there but that left are removed.
   */
  void reappeared(GroupState st, Set<String> appeared) {
    Set<String> targets = new HashSet<>();
    for (String n : appeared) {
      if (st.lostNodes.contains(n) || st.rosterNodes(self).contains(n)) {
        targets.add(n);
      }
    }
    if (targets.isEmpty()) {
      return;
    }
    st.lostNodes.removeAll(targets);
    push(st, targets, new ArrayList<>(st.roster.values()));
  }

  /** Under lock: discards an empty group, or starts its TTL when it may stay empty. */
  void checkEmpty(GroupState st) {
    if (st.isStatic || !st.heldBy(self) || !st.present().isEmpty() || !st.local.isEmpty()) {
      return;
    }
    if (!st.allowEmpty) {
      LOG.debug("[{}] group {} is empty: discarded", self, st.id);
      table.remove(st);
    } else if (st.ttlCancel == null) {
      st.ttlCancel = scheduler.schedule(() -> expire(st), st.ttlMillis * 1_000_000L);
    }
  }

  private void expire(GroupState st) {
    synchronized (table) {
      st.ttlCancel = null;
      if (!st.discarded && st.present().isEmpty() && st.local.isEmpty()) {
        LOG.debug("[{}] group {} stayed empty for its TTL: discarded", self, st.id);
        table.remove(st);
      }
    }
  }

  private static void cancelTtl(GroupState st) {
    if (st.ttlCancel != null) {
      st.ttlCancel.run();
      st.ttlCancel = null;
    }
  }

  /** The member nodes of {@code st} other than this node and {@code except}. */
  private Set<String> others(GroupState st, String except) {
    Set<String> targets = new HashSet<>(st.rosterNodes(self));
    targets.remove(self);
    targets.remove(except);
    return targets;
  }

  private void push(GroupState st, Set<String> targets, List<GroupState.Entry> changes) {
    if (targets.isEmpty()) {
      return;
    }
    table.stats.increment(GroupCounter.ROSTER_UPDATES);
    Map<String, Object> data = GroupWire.settings(st);
    data.put("entries", GroupWire.entries(changes));
    commands.sendMany(GroupWire.ROSTER, targets, data, relayLimit).whenComplete((v, e) -> {
      if (e != null) {
        LOG.debug("[{}] roster update of group {} missed nodes: {}", self, st.id, e.toString());
      }
    });
  }

  // ---------------------------------------------------------------- custom messages

  void announceDiscards(GroupState st, List<GroupState.Entry> gone) {
    GroupCustomMessage f = onDiscard;
    if (f == null) {
      return;
    }
    for (GroupState.Entry e : gone) {
      byte[] m = f.message(st.id, e.uid(), e.sid());
      if (m != null && m.length > 0) {
        outbox.enqueue(st, GroupMessage.Kind.DISCARD, e.uid(), 0, 0, m.clone(), true);
      }
    }
  }

  void announceRejoins(GroupState st, List<Member> members) {
    GroupCustomMessage f = onRejoin;
    if (f == null) {
      return;
    }
    for (Member mb : members) {
      byte[] m = f.message(st.id, mb.uid(), mb.sid());
      if (m != null && m.length > 0) {
        outbox.enqueue(st, GroupMessage.Kind.REJOIN, mb.uid(), 0, 0, m.clone(), true);
      }
    }
  }

  // ---------------------------------------------------------------- commands

  Map<String, ?> onJoin(Map<String, Object> req, String sender) {
    synchronized (table) {
      GroupState st = table.get(Payloads.getString(req, "g"));
      if (st == null || st.isStatic) {
        return GroupWire.status(GroupError.NO_SUCH_GROUP.name());
      }
      if (!st.heldBy(self)) {
        return redirect(st);
      }
      return join(st, Payloads.getString(req, "uid"), Payloads.getString(req, "sid"), sender);
    }
  }

  Map<String, ?> onLeave(Map<String, Object> req, String sender) {
    synchronized (table) {
      GroupState st = table.get(Payloads.getString(req, "g"));
      if (st == null || st.isStatic) {
        return GroupWire.status(GroupError.NO_SUCH_GROUP.name());
      }
      if (!st.heldBy(self)) {
        return redirect(st);
      }
      return leave(st, Payloads.getString(req, "uid"));
    }
  }

  /**
   * A member node whose holder was lost re-registers its members here ([uid, sid], of the sender),
   * or a holder that lost a simultaneous takeover hands its roster over ([uid, sid, node]; one
   * removed under this holder's epoch is not added back), or a member node registers members
   * this holder discarded while it could not reach them.
   */
  Map<String, ?> onRejoin(Map<String, Object> req, String sender) {
    String lost = Payloads.getString(req, "lost");
    List<Object> members = Payloads.getList(req, "members");
    synchronized (table) {
      GroupState st = table.get(Payloads.getString(req, "g"));
      if (st == null || st.isStatic) {
        return GroupWire.status(GroupError.NO_SUCH_GROUP.name());
      }
      if (!st.heldBy(self)) {
        if (st.holder == null || st.holder.equals(lost) || !table.reachable().contains(st.holder)) {
          takeOver(st);
        } else {
          return redirect(st);
        }
      }
      List<GroupState.Entry> changes = new ArrayList<>();
      for (Object o : members) {
        if (!(o instanceof List<?> l) || l.size() < 2 || l.size() > 3 || !(l.get(0) instanceof String uid)
            || !(l.get(1) instanceof String sid)) {
          throw new IllegalArgumentException("members: each must be [uid, sid] or [uid, sid, node]");
        }
        String node = l.size() == 3 && l.get(2) instanceof String n ? n : sender;
        GroupState.Entry e = st.roster.get(uid);
        // The sender's own members are there for sure; handed-over ones removed here stay out.
        boolean removedHere = !node.equals(sender) && e != null && !e.present()
            && (e.stamp() >>> 32) == st.epoch;
        if (!removedHere && (e == null || !e.present() || !e.node().equals(node))) {
          changes.add(st.stamp(uid, sid, node, true));
        }
      }
      cancelTtl(st);
      if (!changes.isEmpty()) {
        push(st, others(st, sender), changes);
      }
      return GroupWire.snapshot(st);
    }
  }

  private Map<String, Object> redirect(GroupState st) {
    if (st.holder != null && table.reachable().contains(st.holder)) {
      return Map.of("s", GroupWire.REDIRECT, "holder", st.holder);
    }
    return GroupWire.status(GroupError.NO_SUCH_GROUP.name());
  }

  /** Roster changes from the holder. */
  Map<String, ?> onRoster(Map<String, Object> req, String sender) {
    List<GroupState.Entry> entries = GroupWire.entries(req, "entries");
    synchronized (table) {
      GroupState st = table.get(Payloads.getString(req, "g"));
      if (st == null || st.isStatic) {
        return Map.of();
      }
      boolean held = st.heldBy(self);
      long oldEpoch = st.epoch;
      List<GroupState.Entry> ours = st.present(); // before the winner's removals apply
      if (!GroupWire.adopt(st, req)) {
        return Map.of();
      }
      entries.forEach(st::apply);
      holderChanged(st, oldEpoch);
      if (held && !st.heldBy(self)) {
        // Two nodes took the group over at once and the other one wins: hand our roster over.
        LOG.info("[{}] group {}: {} holds it (epoch {}); handing over", self, st.id, st.holder, st.epoch);
        List<Object> members = new ArrayList<>();
        ours.forEach(e -> members.add(List.of(e.uid(), e.sid(), e.node())));
        rejoin(st, members);
      } else if (st.pendingJoins == 0) {
        repair(st, entries);
      }
    }
    return Map.of();
  }

  /**
   * Under lock, member node: members here that the holder discarded (it lost sight of this node
   * for a while) register again; members the roster lists here that left (their leave reached a
   * lost holder only) leave again.
   */
  private void repair(GroupState st, List<GroupState.Entry> entries) {
    List<Object> dropped = new ArrayList<>();
    for (Member m : st.local.values()) {
      if (!st.isPresent(m.uid())) {
        dropped.add(List.of(m.uid(), m.sid()));
      }
    }
    if (!dropped.isEmpty()) {
      LOG.info("[{}] group {}: {} discarded {} member(s) still here; rejoining them", self, st.id,
          st.holder, dropped.size());
      rejoin(st, dropped);
    }
    for (GroupState.Entry e : entries) {
      if (e.present() && e.node().equals(self) && !st.local.containsKey(e.uid()) && st.isPresent(e.uid())) {
        commands.sendRequest(GroupWire.LEAVE, st.holder, Map.of("g", st.id, "uid", e.uid()));
      }
    }
  }

  /** Registers {@code members} ([uid, sid] of this node, or [uid, sid, node]) at the holder. */
  private void rejoin(GroupState st, List<Object> members) {
    String at = st.holder;
    Map<String, Object> req = Map.of("g", st.id, "lost", "", "members", members);
    commands.sendRequest(GroupWire.REJOIN, at, req).whenComplete((r, e) -> {
      if (e != null || !GroupWire.OK.equals(Payloads.getString(r, "s", ""))) {
        LOG.debug("[{}] registering members of group {} at {} failed: {}", self, st.id, at,
            e != null ? e.toString() : r);
        return;
      }
      List<GroupState.Entry> roster = GroupWire.entries(r, "roster");
      synchronized (table) {
        if (GroupWire.adopt(st, r)) {
          roster.forEach(st::apply);
        }
      }
    });
  }

  Map<String, ?> onLocate(Map<String, Object> req, String sender) {
    synchronized (table) {
      GroupState st = table.get(Payloads.getString(req, "g"));
      if (st != null && !st.isStatic && st.holder != null
          && (st.heldBy(self) || table.reachable().contains(st.holder))) {
        return Map.of("holder", st.holder);
      }
      return Map.of();
    }
  }
}
