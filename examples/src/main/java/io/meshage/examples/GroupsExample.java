package io.meshage.examples;

import io.meshage.MeshNode;
import io.meshage.group.GroupConfig;
import io.meshage.group.GroupDelivery;
import io.meshage.group.GroupMessage;
import io.meshage.group.Groups;
import io.meshage.group.Member;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** "Groups (Diarkis style)": alice on one node creates a group, bob on another joins it. */
public final class GroupsExample {
  private GroupsExample() {}

  /** What every user's connection received, in order: their stand-in here. */
  public static final List<String> RECEIVED = new CopyOnWriteArrayList<>();

  /**
   * Attaches the group layer to {@code node} and {@code other} (as every node does at start-up),
   * then runs the README's steps with alice on {@code node} and bob on {@code other}.
   *
   * @return the verdict of alice's broadcast
   */
  public static GroupDelivery run(MeshNode node, MeshNode other) throws Exception {
    String sessionId = "s-alice";
    Consumer<GroupMessage> connection = m -> RECEIVED.add(m.kind() + " " + m.uid());
    byte[] bytes = "hello group".getBytes(StandardCharsets.UTF_8);
    Groups bobs = other.groups(GroupConfig.builder().build());
    Member bob = bobs.member("bob", "s-bob", m -> RECEIVED.add("bob got " + m.kind()));
    Set<String> bannedUsers = Set.of("mallory");
    // README:begin groups
    Groups groups = node.groups(GroupConfig.builder()
        .relayLimit(2).remoteJoinTries(4)                       // the defaults
        .staticGroup("lobby-lobby-lobby-lobby-lobby-lobby-lobby-lobby-0123") // exactly 52 characters
        .build());
    Member alice = groups.member("alice", sessionId, msg -> connection.accept(msg));
    String id = groups.create(alice, false, true, Duration.ofSeconds(60), Duration.ofMillis(200)).get();
    bobs.join(id, bob, 1, 10, "hi".getBytes()).get();            // on bob's node; the others get a JOIN message
    GroupDelivery d = groups.broadcast(id, alice, 1, 11, bytes, true).get(); // never back to alice
    d.unreached();                                              // {n7=MeshTimeoutException...}: member nodes missed
    groups.announce(id, 1, 12, bytes, false);                  // no sender
    groups.groupIds(alice); groups.latestGroupId(alice); groups.memberNodes(id); groups.group(id);
    groups.beforeJoin((event, next) ->
        next.next(bannedUsers.contains(event.member().uid()) ? new Exception("banned") : null));
    groups.onTick(id, gid -> System.out.println("tick " + gid), Duration.ofSeconds(5));
    groups.setOnDiscardCustomMessage((gid, uid, sid) -> ("bye " + uid).getBytes());
    groups.setOnRejoinCustomMessage((gid, uid, sid) -> ("back " + uid).getBytes());
    // README:end
    return d;
  }
}
