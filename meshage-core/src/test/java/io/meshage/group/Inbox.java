package io.meshage.group;

import java.util.ArrayList;
import java.util.List;

/** A member sink that keeps what it gets (tests run single-threaded on the simulator). */
final class Inbox implements MemberSink {
  final List<GroupMessage> got = new ArrayList<>();

  @Override
  public synchronized void deliver(GroupMessage message) {
    got.add(message);
  }

  synchronized List<GroupMessage> of(GroupMessage.Kind kind) {
    return got.stream().filter(m -> m.kind() == kind).toList();
  }

  synchronized int size() {
    return got.size();
  }
}
