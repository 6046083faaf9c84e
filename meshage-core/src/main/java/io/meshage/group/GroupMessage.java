package io.meshage.group;

import java.util.Arrays;
import java.util.Objects;

/**
 * One message delivered to a member's sink.
 *
 * @param groupId the group it was sent to
 * @param kind what it is: a broadcast, an announce, a join or leave notice, or a discard or rejoin
 *     custom message
 * @param uid the member it comes from or is about (the sender of a broadcast, the member that
 *     joined, left, was discarded or rejoined); null for an announce
 * @param ver the command version given by the sender (0 for discard and rejoin messages)
 * @param cmd the command id given by the sender (0 for discard and rejoin messages)
 * @param message the bytes (a copy the receiver may keep)
 */
public record GroupMessage(String groupId, Kind kind, String uid, int ver, int cmd, byte[] message) {
  /** What a group message is. */
  public enum Kind {
    BROADCAST,
    ANNOUNCE,
    JOIN,
    LEAVE,
    DISCARD,
    REJOIN
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GroupMessage g && g.groupId.equals(groupId) && g.kind == kind
        && Objects.equals(g.uid, uid) && g.ver == ver && g.cmd == cmd
        && Arrays.equals(g.message, message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(groupId, kind, uid, ver, cmd) * 31 + Arrays.hashCode(message);
  }

  @Override
  public String toString() {
    return "GroupMessage[" + groupId + " " + kind + " from " + uid + " ver " + ver + " cmd " + cmd
        + ", " + message.length + " bytes]";
  }
}
