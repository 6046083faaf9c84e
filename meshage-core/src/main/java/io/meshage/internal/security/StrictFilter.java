package io.meshage.internal.security;

import io.meshage.Counter;
import io.meshage.internal.NodeContext;
import io.meshage.internal.Published;
import io.meshage.internal.Snapshot;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.link.Link;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Strict mode, between the link layer and the layers above: DATA (commands included) and ACKs
 * are accepted only when their origin is in the current topology (the mesh this node sees, or one
 * of its neighbours), and the MSA of a neighbour only over that neighbour's own link, whose name
 * was authenticated by the handshake. Relayed MSAs of farther nodes cannot be bound to their
 * origin with a shared key; the two-way edge rule of the topology and the origin's own sequence
 * jump (it re-announces when it sees a forged MSA of itself) are what limits them.
 */
public final class StrictFilter {
  private static final Logger LOG = LogManager.getLogger(StrictFilter.class);

  private final NodeContext node;
  private final Published published;

  public StrictFilter(NodeContext node, Published published) {
    this.node = node;
    this.published = published;
  }

  /** On the loop: whether frame {@code f} from {@code l} goes on; {@code neighbors} are the links'. */
  public boolean accepts(Link l, Frame f, Set<String> neighbors) {
    String refusal;
    if (f instanceof Frame.Data d) {
      refusal = originRefusal(l, d.origin(), neighbors);
    } else if (f instanceof Frame.Ack a) {
      refusal = originRefusal(l, a.node(), neighbors);
    } else if (f instanceof Frame.MsaFrame m) {
      String origin = m.msa().origin();
      refusal =
          neighbors.contains(origin) && !origin.equals(l.peer())
              ? "MSA of neighbour " + origin + " relayed by " + l.peer() + " (accepted only over its own link)"
              : null;
    } else {
      refusal = null;
    }
    return verdict(l, refusal);
  }

  private String originRefusal(Link l, String origin, Set<String> neighbors) {
    if (origin.equals(l.peer()) || neighbors.contains(origin) || origin.equals(node.self())) {
      return null;
    }
    Snapshot s = published.snapshot();
    return s.mesh().containsKey(origin) ? null : "origin " + origin + " is not in the topology";
  }

  private boolean verdict(Link l, String refusal) {
    if (refusal == null) {
      return true;
    }
    node.stats().increment(Counter.STRICT_REJECTED);
    LOG.debug("[{}] strict mode dropped a frame from {}: {}", node.self(), l.peer(), refusal);
    return false;
  }
}
