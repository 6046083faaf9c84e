package io.meshage.internal.messaging;

import io.meshage.Message;
import java.util.List;

/** A message as handed to handlers and snoopers. */
record InboundMessage(
    String source, long instance, List<String> recipients, long id, boolean isBroadcast, Object body, List<String> route)
    implements Message {
  @Override
  public int hops() {
    return route.size() - 1;
  }
}
