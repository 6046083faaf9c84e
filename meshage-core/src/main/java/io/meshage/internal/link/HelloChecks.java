package io.meshage.internal.link;

import io.meshage.internal.codec.Frame;
import io.meshage.internal.NodeContext;
import java.net.InetSocketAddress;
import java.util.Map;

/** The checks of a HELLO that need no state of the link table beyond a read of its links (loop only). */
final class HelloChecks {
  private HelloChecks() {}

  /** The peer's dial address from its HELLO: the connection's host when it names none. */
  static InetSocketAddress advertisedBy(Link l, Frame.Hello h) {
    if (h.listenPort() <= 0) {
      return null;
    }
    if (!h.listenHost().isEmpty()) {
      return InetSocketAddress.createUnresolved(h.listenHost(), h.listenPort());
    }
    String host = l.connection.remoteHost();
    return host == null || host.isEmpty() ? null : InetSocketAddress.createUnresolved(host, h.listenPort());
  }

  /** Why the HELLO on {@code l} must be refused, or null ({@code links}: this node's established links). */
  static String refusal(NodeContext node, Link l, Frame.Hello h, boolean manual, Map<String, Link> links) {
    if (h.version() != Frame.VERSION) {
      return "protocol version " + h.version() + " not supported (this node speaks " + Frame.VERSION + ")";
    }
    if (h.name().equals(node.self()) && (h.instance() == node.instance() || !h.namespace().equals(node.config().namespace()))) {
      return h.instance() == node.instance() ? "connection to self" : "duplicate name " + node.self();
    }
    if (!manual && !h.namespace().equals(node.config().namespace())) {
      return "namespace " + h.namespace() + " is not " + node.config().namespace();
    }
    if (l.expectedName != null && !l.expectedName.equals(h.name())) {
      return "expected " + l.expectedName + " but " + h.name() + " answered";
    }
    if (node.config().guest() && links.get(h.name()) == null && (!l.outgoing || !links.isEmpty())) {
      return l.outgoing ? "a guest links to one member only" : "a guest accepts no links";
    }
    return null;
  }
}
