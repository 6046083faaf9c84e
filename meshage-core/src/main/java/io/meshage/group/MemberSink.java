package io.meshage.group;

/**
 * Where the embedding program receives the group messages of one member (its connection to the
 * user, for example). Called off the node's event loop, one message at a time per call; it must
 * not block for long. A thrown exception is logged and dropped.
 */
@FunctionalInterface
public interface MemberSink {
  void deliver(GroupMessage message);
}
