package io.meshage.group;

/**
 * What a hook sees of the operation it runs for.
 *
 * @param operation create, join, leave or broadcast
 * @param groupId the group; null in the before hooks of create (the id does not exist yet)
 * @param member the member that creates, joins, leaves or sends
 * @param ver the command version of the join, leave or broadcast message (0 for create)
 * @param cmd the command id of that message (0 for create)
 * @param message the message bytes (empty for create)
 */
public record GroupEvent(
    GroupOperation operation, String groupId, Member member, int ver, int cmd, byte[] message) {}
