package io.meshage.internal.messaging;

import io.meshage.Counter;
import io.meshage.Failure;
import io.meshage.internal.NodeContext;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.link.LinkTable;
import io.meshage.internal.transport.Transport;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The last step of every send and relay on the loop: a DATA frame queued on the link to a
 * neighbour, or the verdict its recipients get when it cannot be.
 */
public final class NextHops {
  private static final Logger LOG = LogManager.getLogger(NextHops.class);

  private final NodeContext node;
  private final LinkTable links;

  public NextHops(NodeContext node, LinkTable links) {
    this.node = node;
    this.links = links;
  }

  /** Whether there is a link to {@code hop} now. */
  boolean linked(String hop) {
    return links.connectionTo(hop) != null;
  }

  /**
   * Queues {@code d} to neighbour {@code hop}. Returns null when queued, else the verdict its
   * recipients get: UNREACHABLE when the link is gone, TIMEOUT when its queue is full.
   */
  Failure queue(Frame.Data d, String hop) {
    Transport.Connection c = links.connectionTo(hop);
    if (c != null && c.send(d)) {
      return null;
    }
    node.stats().increment(Counter.DATA_DROPPED);
    LOG.debug("[{}] queue to {} full or link gone, dropping message {} of {}", node.self(), hop, d.id(), d.origin());
    return c == null ? Failure.UNREACHABLE : Failure.TIMEOUT;
  }
}
