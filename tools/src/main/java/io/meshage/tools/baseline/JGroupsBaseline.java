package io.meshage.tools.baseline;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.jgroups.JChannel;

/**
 * The JGroups baseline: three members of one JGroups TCP cluster in this JVM, on loopback only,
 * measure unicast throughput and synchronous RPC round trips, the figures meshage is compared with.
 *
 * <p>Run {@link #main} for the figures alone, or call {@link #run} from another rig to put them
 * beside its own in a {@code ResultTable}. {@link BaselineSettings} lists the system properties.
 */
public final class JGroupsBaseline {
  private JGroupsBaseline() {}

  /** Runs the baseline with settings from system properties and prints its figures. */
  public static void main(String[] args) throws Exception {
    // Before any JGroups class reads it; JGroups on a dual stack otherwise may pick IPv6.
    System.setProperty("java.net.preferIPv4Stack", "true");
    BaselineSettings settings = BaselineSettings.fromSystemProperties();
    System.out.println("JGroups baseline: " + settings);
    BaselineResult result = run(settings);
    System.out.println(result.summary());
    System.out.print(result.toTable().render());
  }

  /**
   * Starts the three members, measures, and closes them.
   *
   * @throws IllegalStateException when a member is not on loopback or a phase times out
   */
  public static BaselineResult run(BaselineSettings settings) throws Exception {
    if (System.getProperty("java.net.preferIPv4Stack") == null) {
      System.setProperty("java.net.preferIPv4Stack", "true");
    }
    try (BaselineCluster cluster = BaselineCluster.start(settings)) {
      List<JChannel> members = cluster.members();
      double throughput = UnicastThroughput.measure(members.get(0), members.get(1), settings);
      Histogram nanos = RpcLatency.measure(members, settings);
      return new BaselineResult(
          throughput,
          micros(nanos.getValueAtPercentile(50)),
          micros(nanos.getValueAtPercentile(99)),
          micros(nanos.getValueAtPercentile(99.9)));
    }
  }

  private static double micros(long nanos) {
    return nanos / 1_000.0;
  }
}
