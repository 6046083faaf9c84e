package io.meshage.group;

/**
 * Makes the custom message sent to the other members when a member is discarded (its node was
 * lost) or has rejoined after the node holding its group was lost (Diarkis'
 * SetOnDiscardCustomMessage and SetOnRejoinCustomMessage). A null or empty result sends nothing.
 * Runs off the event loop; it must not block.
 */
@FunctionalInterface
public interface GroupCustomMessage {
  byte[] message(String groupId, String uid, String sid);
}
