package io.meshage.group;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A snapshot of one group as this node knows it (Diarkis' Group). Every member node keeps the
 * whole roster, updated by the holder; it may lag the holder by a message.
 *
 * @param id the group id
 * @param isStatic whether it is a static group (never discarded; no holder, no roster: {@link
 *     #members} lists only this node's members)
 * @param allowEmpty whether it outlives its last member until the TTL expires
 * @param ttl how long it lives empty (allowEmpty groups)
 * @param interval its batching interval (zero: none)
 * @param holder the node holding its record; null for a static group
 * @param memberNodes the nodes with members, sorted
 * @param members user id to session id
 * @param memberMeshNodes user id to the mesh node of the member
 * @param localMembers the user ids of the members on this node
 */
public record GroupView(
    String id,
    boolean isStatic,
    boolean allowEmpty,
    Duration ttl,
    Duration interval,
    String holder,
    Set<String> memberNodes,
    Map<String, String> members,
    Map<String, String> memberMeshNodes,
    Set<String> localMembers) {}
