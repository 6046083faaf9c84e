package io.meshage.internal.group;

import io.meshage.UnreachableException;
import io.meshage.command.MeshCommands;
import io.meshage.command.NoSuchCommandException;
import io.meshage.command.Payloads;
import io.meshage.group.GroupError;
import io.meshage.group.GroupException;
import io.meshage.group.GroupOperation;
import io.meshage.group.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One join: locally for a static group or one this node holds, else by asking the holder (the
 * node named in the id, or the one a member node learned of), following redirects, and when the
 * holder is gone or forgot the group, by asking every reachable node who holds it now.
 */
final class Joiner {
  private final LocalGroups groups;
  private final GroupTable table;
  private final MeshCommands commands;
  private final String groupId;
  private final Member member;
  private final String self;

  Joiner(LocalGroups groups, String groupId, Member member) {
    this.groups = groups;
    this.table = groups.table();
    this.commands = groups.commands();
    this.groupId = groupId;
    this.member = member;
    this.self = table.self;
  }

  CompletableFuture<GroupState> start() {
    GroupState st;
    String at;
    synchronized (table) {
      groups.checkOpen(GroupOperation.JOIN);
      st = table.get(groupId);
      if (st != null && st.local.containsKey(member.uid())) {
        return fail(GroupError.ALREADY_MEMBER, "member " + member.uid() + " is already in group " + groupId);
      }
      if (st != null && st.isStatic) {
        table.addLocal(st, member);
        return CompletableFuture.completedFuture(st);
      }
      at = st != null && st.holder != null ? st.holder : GroupWire.ownerOf(groupId);
      if (at == null) {
        return fail(GroupError.NO_SUCH_GROUP, "no group " + groupId + " (not an id of this mesh)");
      }
      if (at.equals(self)) {
        if (st == null || !st.heldBy(self)) {
          return fail(GroupError.NO_SUCH_GROUP, "no group " + groupId + " on " + self);
        }
        Map<String, Object> r = groups.holder().join(st, member.uid(), member.sid(), self);
        if (!GroupWire.OK.equals(r.get("s"))) {
          return failStatus((String) r.get("s"));
        }
        table.addLocal(st, member);
        return CompletableFuture.completedFuture(st);
      }
      if (st == null) {
        st = new GroupState(groupId, false);
        st.holder = at;
        table.put(st);
      }
      st.pendingJoins++;
    }
    GroupState pending = st;
    return ask(pending, at, 1, false).whenComplete((v, e) -> {
      if (e != null) {
        synchronized (table) {
          pending.pendingJoins--;
          groups.dropIfUnused(pending);
        }
      }
    });
  }

  private CompletableFuture<GroupState> ask(GroupState st, String at, int attempt, boolean located) {
    Map<String, Object> req = Map.of("g", groupId, "uid", member.uid(), "sid", member.sid());
    return commands.sendRequest(GroupWire.JOIN, at, req, groups.settings().requestTimeout())
        .handle((r, e) -> {
          if (e != null) {
            Throwable c = GroupArgs.unwrap(e);
            if (!located && (c instanceof UnreachableException || c instanceof NoSuchCommandException)) {
              return relocate(st, at, attempt, GroupArgs.joinFailure(groupId, at, self, c));
            }
            return CompletableFuture.<GroupState>failedFuture(GroupArgs.joinFailure(groupId, at, self, c));
          }
          String s = Payloads.getString(r, "s", "");
          if (GroupWire.OK.equals(s)) {
            return CompletableFuture.completedFuture(install(st, r));
          }
          if (GroupWire.REDIRECT.equals(s) && attempt < groups.settings().remoteJoinTries()) {
            return ask(st, Payloads.getString(r, "holder"), attempt + 1, located);
          }
          if (GroupError.NO_SUCH_GROUP.name().equals(s) && !located) {
            return relocate(st, at, attempt, failure(GroupError.NO_SUCH_GROUP,
                "no group " + groupId + " at " + at));
          }
          return this.<GroupState>failStatus(s);
        })
        .thenCompose(f -> f);
  }

  private CompletableFuture<GroupState> relocate(GroupState st, String at, int attempt,
      GroupException otherwise) {
    return locate(at).thenCompose(h -> h == null
        ? CompletableFuture.failedFuture(otherwise)
        : ask(st, h, attempt + 1, true));
  }

  /** Asks every other reachable node (but {@code skip}) who holds the group; null when none does. */
  private CompletableFuture<String> locate(String skip) {
    List<String> nodes = new ArrayList<>(table.reachable());
    nodes.remove(skip);
    CompletableFuture<String> found = new CompletableFuture<>();
    if (nodes.isEmpty()) {
      found.complete(null);
      return found;
    }
    AtomicInteger left = new AtomicInteger(nodes.size());
    for (String n : nodes) {
      commands.sendRequest(GroupWire.LOCATE, n, Map.of("g", groupId), groups.settings().requestTimeout())
          .whenComplete((r, e) -> {
            String h = e == null ? Payloads.getString(r, "holder", "") : "";
            if (!h.isEmpty()) {
              found.complete(h);
            } else if (left.decrementAndGet() == 0) {
              found.complete(null);
            }
          });
    }
    return found;
  }

  private GroupState install(GroupState st, Map<String, Object> snapshot) {
    List<GroupState.Entry> entries = GroupWire.entries(snapshot, "roster");
    synchronized (table) {
      st.pendingJoins--;
      if (GroupWire.adopt(st, snapshot)) {
        entries.forEach(st::apply);
      }
      if (table.get(groupId) == null) {
        st.discarded = false;
        table.put(st);
      }
      table.addLocal(st, member);
    }
    return st;
  }

  private <T> CompletableFuture<T> failStatus(String status) {
    GroupError reason;
    try {
      reason = GroupError.valueOf(status);
    } catch (IllegalArgumentException e) {
      reason = GroupError.NO_SUCH_GROUP;
    }
    String what = reason == GroupError.ALREADY_MEMBER
        ? "member " + member.uid() + " is already in group " + groupId
        : "group " + groupId + " refused the join of " + member.uid() + ": " + status;
    return fail(reason, what);
  }

  private <T> CompletableFuture<T> fail(GroupError reason, String message) {
    return CompletableFuture.failedFuture(failure(reason, message));
  }

  private static GroupException failure(GroupError reason, String message) {
    return new GroupException(GroupOperation.JOIN, reason, message);
  }
}
