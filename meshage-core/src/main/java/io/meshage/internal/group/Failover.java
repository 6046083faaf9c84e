package io.meshage.internal.group;

import io.meshage.command.MeshCommands;
import io.meshage.command.Payloads;
import io.meshage.group.GroupConfig;
import io.meshage.group.GroupCounter;
import io.meshage.group.GroupCustomMessage;
import io.meshage.group.GroupMessage;
import io.meshage.group.Member;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Node loss. On every topology change a holder discards the members of lost nodes; a member node
 * whose group holder was lost rejoins its members through another member node: candidates are
 * the surviving member nodes in name order (so every survivor picks the same new holder), tried in
 * turn up to {@code remoteJoinTries}. When none accepts, the group is dropped here and each local
 * member gets a DISCARD message about itself.
 */
final class Failover {
  private static final Logger LOG = LogManager.getLogger(Failover.class);

  private final GroupTable table;
  private final GroupHolder holder;
  private final MeshCommands commands;
  private final Outbox outbox;
  private final int tries;
  private final Duration timeout;
  private final String self;
  private Set<String> lastAlive;

  Failover(GroupTable table, GroupHolder holder, MeshCommands commands, Outbox outbox,
      GroupConfig config) {
    this.table = table;
    this.holder = holder;
    this.commands = commands;
    this.outbox = outbox;
    this.tries = config.remoteJoinTries();
    this.timeout = config.requestTimeout();
    this.self = table.self;
    this.lastAlive = new HashSet<>(table.reachable());
    this.lastAlive.add(self);
  }

  void topologyChanged() {
    Set<String> alive = new HashSet<>(table.reachable());
    alive.add(self);
    Set<String> appeared;
    synchronized (this) {
      appeared = new HashSet<>(alive);
      appeared.removeAll(lastAlive);
      lastAlive = alive;
    }
    for (GroupState st : table.all()) {
      String lost;
      List<String> candidates = new ArrayList<>();
      synchronized (table) {
        if (st.isStatic || st.discarded) {
          continue;
        }
        if (st.heldBy(self)) {
          holder.dropLost(st);
          if (!appeared.isEmpty()) {
            holder.reappeared(st, appeared);
          }
          continue;
        }
        if (st.holder == null || alive.contains(st.holder) || st.local.isEmpty() || st.failingOver) {
          continue;
        }
        st.failingOver = true;
        lost = st.holder;
        for (String n : st.rosterNodes(self)) {
          if (alive.contains(n) && !n.equals(lost)) {
            candidates.add(n);
          }
        }
      }
      LOG.info("[{}] holder {} of group {} lost; rejoining through {}", self, lost, st.id, candidates);
      attempt(st, lost, candidates, 0, 0);
    }
  }

  private void attempt(GroupState st, String lost, List<String> candidates, int index, int tried) {
    if (index >= candidates.size() || tried >= tries) {
      giveUp(st, lost);
      return;
    }
    String c = candidates.get(index);
    if (c.equals(self)) {
      synchronized (table) {
        st.failingOver = false;
        if (!st.discarded && lost.equals(st.holder)) {
          holder.takeOver(st);
        }
      }
      return;
    }
    List<Object> members = new ArrayList<>();
    synchronized (table) {
      for (Member m : st.local.values()) {
        members.add(List.of(m.uid(), m.sid()));
      }
    }
    Map<String, Object> req = Map.of("g", st.id, "lost", lost, "members", members);
    commands.sendRequest(GroupWire.REJOIN, c, req, timeout).whenComplete((r, e) -> {
      String s = e == null ? Payloads.getString(r, "s", "") : "";
      if (GroupWire.OK.equals(s)) {
        rejoined(st, r);
      } else if (GroupWire.REDIRECT.equals(s)) {
        String h = Payloads.getString(r, "holder", "");
        List<String> next = new ArrayList<>(candidates);
        if (!h.isEmpty() && !h.equals(lost)) {
          next.add(index + 1, h);
        }
        attempt(st, lost, next, index + 1, tried + 1);
      } else {
        LOG.debug("[{}] rejoin of group {} at {} failed: {}", self, st.id, c,
            e != null ? e.toString() : s);
        attempt(st, lost, candidates, index + 1, tried + 1);
      }
    });
  }

  private void rejoined(GroupState st, Map<String, Object> snapshot) {
    List<GroupState.Entry> entries = GroupWire.entries(snapshot, "roster");
    synchronized (table) {
      st.failingOver = false;
      long oldEpoch = st.epoch;
      if (GroupWire.adopt(st, snapshot)) {
        entries.forEach(st::apply);
        holder.holderChanged(st, oldEpoch);
      }
    }
    table.stats.increment(GroupCounter.REJOINS);
    LOG.info("[{}] rejoined group {} at {}", self, st.id, st.holder);
  }

  private void giveUp(GroupState st, String lost) {
    List<Member> locals;
    synchronized (table) {
      st.failingOver = false;
      if (st.discarded || !lost.equals(st.holder)) {
        return; // a new holder announced itself meanwhile
      }
      locals = new ArrayList<>(st.local.values());
      table.remove(st);
    }
    table.stats.increment(GroupCounter.REJOINS_FAILED);
    LOG.warn("[{}] could not rejoin group {} after its holder {} was lost: dropped {} member(s)",
        self, st.id, lost, locals.size());
    GroupCustomMessage f = holder.onDiscard;
    for (Member m : locals) {
      byte[] bytes = f == null ? null : f.message(st.id, m.uid(), m.sid());
      outbox.deliverTo(m, new GroupMessage(st.id, GroupMessage.Kind.DISCARD, m.uid(), 0, 0,
          bytes == null ? new byte[0] : bytes.clone()));
    }
  }
}
