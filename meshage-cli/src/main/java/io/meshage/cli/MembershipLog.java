package io.meshage.cli;

import io.meshage.MeshNode;
import io.meshage.Subscription;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One INFO line per membership event of a {@code meshage node}, on by default (the CLI's log
 * configuration keeps this logger at INFO while the rest logs at WARN): a neighbour that dies, a
 * link that drops or a node that leaves is never silent.
 */
final class MembershipLog {
  static final Logger LOG = LogManager.getLogger(MembershipLog.class);

  private MembershipLog() {}

  static Subscription attach(MeshNode node) {
    return node.onMembership(e -> LOG.info("[{}] {}", node.name(), describe(e)));
  }

  /** {@code FAILED n3 127.0.0.1 [role=web] (link down: ...)}. */
  static String describe(io.meshage.MembershipEvent e) {
    StringBuilder sb = new StringBuilder().append(e.type()).append(' ').append(e.node());
    if (!e.address().isEmpty()) {
      sb.append(' ').append(e.address());
    }
    if (!e.tags().isEmpty()) {
      sb.append(" [").append(MeshInfo.tagText(e.tags())).append(']');
    }
    if (!e.reason().isEmpty()) {
      sb.append(" (").append(e.reason()).append(')');
    }
    return sb.toString();
  }
}
