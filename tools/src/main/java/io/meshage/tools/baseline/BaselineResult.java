package io.meshage.tools.baseline;

import io.meshage.tools.ResultTable;
import java.util.Locale;

/**
 * The JGroups figures of one run, for another rig to set beside its own in a {@link ResultTable}.
 *
 * @param throughputMsgsPerSec unicast messages per second, one sender to one receiver
 * @param rpcMedianMicros median round trip of a synchronous unicast RPC, in microseconds
 * @param rpcP99Micros 99th percentile of that round trip, in microseconds
 * @param rpcP999Micros 99.9th percentile of that round trip, in microseconds
 */
public record BaselineResult(
    double throughputMsgsPerSec, double rpcMedianMicros, double rpcP99Micros, double rpcP999Micros) {

  /** The figures on one line, e.g. for a log or a CI summary. */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "JGroups unicast %,.0f msgs/s; sync RPC median %.1f us, p99 %.1f us, p99.9 %.1f us",
        throughputMsgsPerSec,
        rpcMedianMicros,
        rpcP99Micros,
        rpcP999Micros);
  }

  /** A table of these figures alone, with no figures of ours beside them. */
  public ResultTable toTable() {
    return new ResultTable("JGroups baseline", "jgroups")
        .add("unicast one sender", "msgs/s", Double.NaN, throughputMsgsPerSec, true)
        .add("sync RPC median", "us", Double.NaN, rpcMedianMicros, false)
        .add("sync RPC p99", "us", Double.NaN, rpcP99Micros, false)
        .add("sync RPC p99.9", "us", Double.NaN, rpcP999Micros, false);
  }
}
