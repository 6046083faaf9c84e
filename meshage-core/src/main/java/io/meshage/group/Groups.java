package io.meshage.group;

import io.meshage.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;


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
public interface Groups {
  /** This node's group counters. */
  GroupStats stats();

  GroupConfig config();

  /** A member attached to this node. */
  Member member(String uid, String sid, MemberSink sink);

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
  CompletableFuture<String> create(
      Member creator, boolean allowEmpty, boolean join, Duration ttl, Duration interval);

  /** Joins without a message to the other members. */
  CompletableFuture<Void> join(String groupId, Member member);

  /**
   * Adds {@code member} (attached to this node) to the group, asking the node that holds it, and
   * sends {@code message} (when not null or empty) to the other members as a JOIN message. Fails
   * with ALREADY_MEMBER, NO_SUCH_GROUP, TIMED_OUT, UNREACHABLE or REFUSED_BY_HOOK.
   */
  CompletableFuture<Void> join(String groupId, Member member, int ver, int cmd, byte[] message);

  /** Leaves without a message to the other members. */
  CompletableFuture<Void> leave(String groupId, Member member);

  /**
   * Removes {@code member} from the group at once on this node (it receives nothing more) and at
   * the holder; sends {@code message} (when not null or empty) to the other members as a LEAVE
   * message. Fails with NOT_A_MEMBER, NO_SUCH_GROUP, TIMED_OUT (the holder did not confirm; the
   * member is out here all the same) or REFUSED_BY_HOOK.
   */
  CompletableFuture<Void> leave(String groupId, Member member, int ver, int cmd, byte[] message);

  // ---------------------------------------------------------------- broadcast

  /**
   * Sends a message from {@code sender} (a member here) to every other member of the group,
   * batched by the group's interval; completes when the batch went out with the member nodes it
   * could not reach. Fails with NO_SUCH_GROUP, NOT_A_MEMBER or REFUSED_BY_HOOK.
   *
   * @param reliable whether member nodes confirm it (and missed ones are reported as such); an
   *     unreliable one is sent once, without confirmation
   */
  CompletableFuture<GroupDelivery> broadcast(
      String groupId, Member sender, int ver, int cmd, byte[] message, boolean reliable);

  /**
   * Sends a message without a sender to every member of a group this node knows (holds, has
   * members in, or static); no hooks. Fails with NO_SUCH_GROUP.
   */
  CompletableFuture<GroupDelivery> announce(
      String groupId, int ver, int cmd, byte[] message, boolean reliable);

  // ---------------------------------------------------------------- queries

  /** The groups of a member of this node, oldest joined first. */
  List<String> groupIds(Member member);

  /** The group the member joined or created last. */
  Optional<String> latestGroupId(Member member);

  /** The nodes with members of the group, sorted; empty when this node does not know it. */
  Set<String> memberNodes(String groupId);

  /** The group as this node knows it. */
  Optional<GroupView> group(String groupId);

  /** Every group this node knows, sorted. */
  Set<String> knownGroups();

  // ---------------------------------------------------------------- ticks, custom messages, hooks

  /**
   * Calls {@code callback} with the group id every {@code interval} on the node's clock while this
   * node knows the group; stops when it is discarded here or the result is closed.
   *
   * @throws GroupException NO_SUCH_GROUP when this node does not know the group
   */
  Subscription onTick(String groupId, Consumer<String> callback, Duration interval);

  /** The message sent to the other members when a member is discarded (its node was lost). */
  void setOnDiscardCustomMessage(GroupCustomMessage custom);

  /** The message sent to the other members when a member rejoined after its holder was lost. */
  void setOnRejoinCustomMessage(GroupCustomMessage custom);

  void beforeCreate(GroupHook hook);

  void afterCreate(GroupHook hook);

  void beforeJoin(GroupHook hook);

  void afterJoin(GroupHook hook);

  void beforeLeave(GroupHook hook);

  void afterLeave(GroupHook hook);

  void beforeBroadcast(GroupHook hook);

  void afterBroadcast(GroupHook hook);

  // ---------------------------------------------------------------- helpers
}
