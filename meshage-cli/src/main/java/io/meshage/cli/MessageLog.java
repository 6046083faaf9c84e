package io.meshage.cli;

import io.meshage.MeshNode;
import io.meshage.Subscription;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The user messages a {@code meshage node} receives ({@code set} and {@code broadcast} from Java
 * programs, the demo, scenarios): a command-line node takes them and logs each at DEBUG, so a
 * sender's DELIVERED is true of it and its node never holds them for a handler that will not come.
 */
final class MessageLog {
  static final Logger LOG = LogManager.getLogger(MessageLog.class);

  private MessageLog() {}

  static Subscription attach(MeshNode node) {
    return node.onMessage(m -> LOG.debug("[{}] message {} from {}: {}", node.name(), m.id(), m.source(), m.body()));
  }
}
