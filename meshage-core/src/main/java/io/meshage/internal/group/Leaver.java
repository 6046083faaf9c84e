package io.meshage.internal.group;

import io.meshage.MeshTimeoutException;
import io.meshage.command.Payloads;
import io.meshage.group.GroupError;
import io.meshage.group.GroupMessage;
import io.meshage.group.GroupOperation;
import io.meshage.group.Member;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One leave: the member is out on this node at once (it receives nothing more), then the holder
 * removes it from the roster; a redirect is followed once. The holder being gone or having forgotten
 * the group counts as done (the survivors discard the member); only no answer in time fails.
 */
final class Leaver {
  private final LocalGroups groups;
  private final GroupTable table;
  private final Outbox outbox;
  private final String self;

  Leaver(LocalGroups groups, Outbox outbox) {
    this.groups = groups;
    this.table = groups.table();
    this.outbox = outbox;
    this.self = table.self;
  }

  CompletableFuture<Void> leave(String groupId, Member member, int ver, int cmd, byte[] msg) {
    String remote;
    synchronized (table) {
      groups.checkOpen(GroupOperation.LEAVE);
      GroupState st = table.get(groupId);
      if (st == null) {
        return groups.fail(GroupOperation.LEAVE, GroupError.NO_SUCH_GROUP, "no group " + groupId + " on " + self);
      }
      if (!st.local.containsKey(member.uid())) {
        return groups.fail(GroupOperation.LEAVE, GroupError.NOT_A_MEMBER,
            "member " + member.uid() + " is not in group " + groupId);
      }
      if (msg.length > 0) {
        outbox.enqueue(st, GroupMessage.Kind.LEAVE, member.uid(), ver, cmd, msg, true);
      }
      if (!st.isStatic && st.heldBy(self)) {
        groups.holder().leave(st, member.uid());
      }
      table.removeLocal(st, member.uid());
      if (st.isStatic || st.heldBy(self)) {
        groups.holder().checkEmpty(st);
        return CompletableFuture.completedFuture(null);
      }
      remote = st.holder;
      groups.dropIfUnused(st);
    }
    return remoteLeave(groupId, member, remote, true);
  }

  private CompletableFuture<Void> remoteLeave(String groupId, Member member, String at, boolean retry) {
    Map<String, Object> req = Map.of("g", groupId, "uid", member.uid());
    return groups.commands().sendRequest(GroupWire.LEAVE, at, req, groups.settings().requestTimeout())
        .handle((r, e) -> {
          if (e == null && retry && GroupWire.REDIRECT.equals(Payloads.getString(r, "s", ""))) {
            return remoteLeave(groupId, member, Payloads.getString(r, "holder"), false);
          }
          Throwable c = GroupArgs.unwrap(e);
          if (c instanceof MeshTimeoutException) {
            return groups.<Void>fail(GroupOperation.LEAVE, GroupError.TIMED_OUT,
                "holder " + at + " of group " + groupId + " did not confirm the leave of "
                    + member.uid() + " in time (the member is out on " + self + ")");
          }
          // Done: the holder confirmed, or forgot the group, or is gone (the survivors discard).
          return CompletableFuture.<Void>completedFuture(null);
        })
        .thenCompose(f -> f);
  }
}
