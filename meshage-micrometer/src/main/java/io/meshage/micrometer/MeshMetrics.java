package io.meshage.micrometer;

import io.meshage.Counter;
import io.meshage.Delivery;
import io.meshage.MeshNode;
import io.meshage.MeshStats;
import io.meshage.Subscription;
import io.meshage.command.CommandCounter;
import io.meshage.command.CommandStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Binds one node's metrics to a Micrometer registry, tagged {@code node} and {@code namespace}:
 * every {@link Counter} as {@code meshage.<counter>} and every {@link CommandCounter} as {@code
 * meshage.command.<counter>} (Prometheus: {@code meshage_data_sent_total}), the gauges {@code
 * meshage.mesh.size}, {@code meshage.neighbors}, {@code meshage.in.flight} and {@code
 * meshage.degree}, and the timer {@code meshage.verdict} (send to verdict of {@code set} and
 * {@code broadcast}, tagged {@code outcome} delivered, failed or error; Prometheus: {@code
 * meshage_verdict_seconds}). Counters are read when the registry is scraped; {@link #close()}
 * stops timing verdicts.
 */
public final class MeshMetrics implements MeterBinder, AutoCloseable {
  private final MeshNode node;
  private final List<Subscription> subscriptions = new ArrayList<>();

  public MeshMetrics(MeshNode node) {
    this.node = java.util.Objects.requireNonNull(node, "node");
  }

  /** {@code DATA_SENT} becomes {@code data.sent}. */
  static String dotted(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '.');
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Tags tags = Tags.of("node", node.name(), "namespace", node.namespace());
    MeshStats stats = node.stats();
    for (Counter c : Counter.values()) {
      FunctionCounter.builder("meshage." + dotted(c), stats, s -> s.get(c))
          .tags(tags)
          .description("node counter " + c.name())
          .register(registry);
    }
    CommandStats commands = node.commands().stats();
    for (CommandCounter c : CommandCounter.values()) {
      FunctionCounter.builder("meshage.command." + dotted(c), commands, s -> s.get(c))
          .tags(tags)
          .description("command counter " + c.name())
          .register(registry);
    }
    Gauge.builder("meshage.command.deepest.relay.depth", commands, CommandStats::deepestRelayDepth)
        .tags(tags).description("deepest relay step at which a fan-out was handled here").register(registry);
    Gauge.builder("meshage.mesh.size", node, n -> n.mesh().size())
        .tags(tags).description("nodes in this node's part of the mesh, itself included").register(registry);
    Gauge.builder("meshage.neighbors", node, n -> n.neighbors().size())
        .tags(tags).description("established links").register(registry);
    Gauge.builder("meshage.in.flight", node, MeshNode::inFlight)
        .tags(tags).description("sends awaiting their verdict").register(registry);
    Gauge.builder("meshage.degree", node, MeshNode::degree)
        .tags(tags).description("neighbours this node seeks").register(registry);
    Timer delivered = verdictTimer(registry, tags, "delivered");
    Timer failed = verdictTimer(registry, tags, "failed");
    Timer error = verdictTimer(registry, tags, "error");
    Subscription s =
        node.onVerdict(
            (Delivery d, Throwable e, long nanos) ->
                (d == null ? error : d.isComplete() ? delivered : failed).record(nanos, TimeUnit.NANOSECONDS));
    synchronized (subscriptions) {
      subscriptions.add(s);
    }
  }

  private static Timer verdictTimer(MeterRegistry registry, Tags tags, String outcome) {
    return Timer.builder("meshage.verdict")
        .tags(tags.and("outcome", outcome))
        .description("time from send to verdict (every recipient ACKed, or failed)")
        .publishPercentileHistogram()
        .register(registry);
  }

  /** Stops timing verdicts for every registry bound so far (counters and gauges stay). */
  @Override
  public void close() {
    synchronized (subscriptions) {
      subscriptions.forEach(Subscription::close);
      subscriptions.clear();
    }
  }
}
