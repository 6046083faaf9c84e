package io.meshage.jgroups;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jgroups.JChannel;
import org.jgroups.View;
import org.jgroups.protocols.MERGE3;

/**
 * Nodes that join at the same moment each find no coordinator yet (FILE_PING's folder, JDBC_PING's
 * table are still empty for both) and each make a cluster of one; JGroups merges such clusters
 * only when MERGE3 next compares views, 10-30 s apart by default, and a merge takes two rounds:
 * simultaneous starts met after up to a minute. While this node is alone in its view, for the
 * first {@link #NUDGE_FOR_MS} ms, this asks MERGE3 every {@link #PERIOD_MS} ms to send its view
 * to the members discovery finds and to look for different views at once, so such clusters merge
 * within a few seconds. It logs what it waits for. Stops by itself.
 */
final class MergeNudge implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(MergeNudge.class);
  static final long PERIOD_MS = 500;
  static final long NUDGE_FOR_MS = 15_000;

  private final String node;
  private final String cluster;
  private final JChannel channel;
  private final MERGE3 merge;
  private final ScheduledExecutorService timer;
  private final long startNanos = System.nanoTime();
  private int ticks;

  private MergeNudge(String node, String cluster, JChannel channel, MERGE3 merge) {
    this.node = node;
    this.cluster = cluster;
    this.channel = channel;
    this.merge = merge;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "meshage-jgroups-merge-" + node);
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts nudging when the channel is alone in its view; null when it is not, or cannot be nudged. */
  static MergeNudge startIfAlone(String node, String cluster, JChannel channel) {
    View view = channel.getView();
    if (view == null || view.size() > 1) {
      return null;
    }
    MERGE3 merge = channel.getProtocolStack().findProtocol(MERGE3.class);
    if (merge == null) {
      LOG.warn("[{}] JGroups cluster {}: alone, and the stack has no MERGE3: nodes that started at the same "
          + "moment stay in clusters of their own; add <MERGE3 min_interval=\"1s\" max_interval=\"3s\"/>", node, cluster);
      return null;
    }
    LOG.info("[{}] JGroups cluster {}: alone in view {}; asking MERGE3 every {} ms for {} s to merge with members "
        + "that discovery finds (nodes started at the same moment)", node, cluster, view, PERIOD_MS,
        NUDGE_FOR_MS / 1000);
    MergeNudge nudge = new MergeNudge(node, cluster, channel, merge);
    nudge.timer.scheduleWithFixedDelay(nudge::tick, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    return nudge;
  }

  private void tick() {
    View view = channel.getView();
    if (view != null && view.size() > 1) {
      LOG.info("[{}] JGroups cluster {}: view {} after {} ms", node, cluster, view, elapsedMs());
      timer.shutdown();
      return;
    }
    if (elapsedMs() >= NUDGE_FOR_MS || channel.isClosed()) {
      LOG.info("[{}] JGroups cluster {}: still alone after {} s; nodes that start later join through discovery, "
          + "split clusters merge when MERGE3 next compares views", node, cluster, NUDGE_FOR_MS / 1000);
      timer.shutdown();
      return;
    }
    try {
      merge.sendInfo();
      if (++ticks % 2 == 0) {
        merge.checkInconsistencies();
      }
    } catch (RuntimeException e) {
      LOG.debug("[{}] MERGE3 nudge: {}", node, e.toString());
    }
  }

  private long elapsedMs() {
    return (System.nanoTime() - startNanos) / 1_000_000L;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
