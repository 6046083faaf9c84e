package io.meshage.cli;

import io.meshage.MeshNode;
import io.meshage.micrometer.PrometheusEndpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Serves {@code --metrics-port}: Prometheus text on the node's bind address, or on loopback when
 * the node binds the wildcard address (metrics are not offered to the whole network unasked). Its
 * own class so that Micrometer is loaded only when the option is used.
 */
final class MetricsOption {
  private MetricsOption() {}

  /** Where the endpoint listens for a node bound to {@code bind}. */
  static InetSocketAddress address(String bind, int port) throws IOException {
    InetAddress a = InetAddress.getByName(bind);
    return new InetSocketAddress(a.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : a, port);
  }

  /** A running endpoint, opaque to callers so that they need no Micrometer class. */
  interface Served {}

  private record Endpoint(PrometheusEndpoint endpoint) implements Served {}

  static Served start(MeshNode node, String bind, int port) throws IOException {
    return new Endpoint(PrometheusEndpoint.start(node, address(bind, port)));
  }

  /** {@code metrics http://127.0.0.1:9464/metrics}: for scripts. */
  static String line(Served served) {
    InetSocketAddress a = ((Endpoint) served).endpoint().address();
    return "metrics http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + "/metrics";
  }

  /** Stops the endpoint; null is fine. */
  static void stop(Served served) {
    if (served != null) {
      ((Endpoint) served).endpoint().close();
    }
  }
}
