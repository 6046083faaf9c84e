package io.meshage.internal.group;

import io.meshage.MeshTimeoutException;
import io.meshage.UnreachableException;
import io.meshage.group.GroupError;
import io.meshage.group.GroupException;
import io.meshage.group.GroupOperation;
import io.meshage.group.Member;
import java.util.concurrent.CompletionException;

/** Argument checks and error translation shared by the group operations. */
final class GroupArgs {
  static final int MAX_MESSAGE = 1024 * 1024;

  private GroupArgs() {}

  static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  /** A join failure from the command layer's exception. */
  static GroupException joinFailure(String groupId, String at, String self, Throwable e) {
    Throwable c = unwrap(e);
    if (c instanceof MeshTimeoutException) {
      return new GroupException(GroupOperation.JOIN, GroupError.TIMED_OUT,
          "node " + at + " holding group " + groupId + " did not answer in time", c);
    }
    if (c instanceof UnreachableException) {
      return new GroupException(GroupOperation.JOIN, GroupError.UNREACHABLE,
          "node " + at + " holding group " + groupId + " is unreachable from " + self, c);
    }
    return new GroupException(GroupOperation.JOIN, GroupError.NO_SUCH_GROUP,
        "node " + at + " could not add to group " + groupId + ": " + c.getMessage(), c);
  }


  static void checkLocal(Member m, String self) {
    if (m == null) {
      throw new IllegalArgumentException("member must not be null");
    }
    if (!m.node().equals(self)) {
      throw new IllegalArgumentException("member " + m.uid() + " is attached to node " + m.node()
          + ", not to " + self + ": use the groups() of " + m.node());
    }
  }

  static void checkGroupId(String groupId) {
    if (groupId == null || groupId.isEmpty() || groupId.length() > 200) {
      throw new IllegalArgumentException("groupId must be 1-200 characters, got " + groupId);
    }
  }

  static byte[] checkMessage(int ver, int cmd, byte[] message) {
    if (ver < 0 || ver > 255) {
      throw new IllegalArgumentException("ver must be 0-255, got " + ver);
    }
    if (cmd < 0 || cmd > 65_535) {
      throw new IllegalArgumentException("cmd must be 0-65535, got " + cmd);
    }
    if (message != null && message.length > MAX_MESSAGE) {
      throw new IllegalArgumentException("message must be at most " + MAX_MESSAGE + " bytes, got "
          + message.length);
    }
    return message == null ? new byte[0] : message.clone();
  }
}
