package io.meshage.tools.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jgroups.JChannel;

/** JGroups members in one JVM (three unless asked), one cluster, every socket on 127.0.0.1. */
final class BaselineCluster implements AutoCloseable {
  static final int MEMBERS = 3;

  private final List<JChannel> channels;
  private final int size;

  private BaselineCluster(List<JChannel> channels, int size) {
    this.channels = channels;
    this.size = size;
  }

  /** Starts the members one after the other and returns once each sees all three. */
  static BaselineCluster start(BaselineSettings settings) throws Exception {
    return start(settings, MEMBERS);
  }

  /** Starts {@code size} members and returns once each sees all of them. */
  static BaselineCluster start(BaselineSettings settings, int size) throws Exception {
    List<Integer> ports = LoopbackStack.ports(settings.basePort(), size);
    // A cluster name of its own, so that a baseline running in another process never joins ours.
    String clusterName = "meshage-baseline-" + ProcessHandle.current().pid() + "-" + ports.get(0);
    List<JChannel> channels = new ArrayList<>();
    BaselineCluster cluster = new BaselineCluster(channels, size);
    try {
      for (int i = 0; i < size; i++) {
        JChannel channel =
            new JChannel(LoopbackStack.protocols(ports.get(i), ports, settings.bundlerType()));
        channels.add(channel);
        channel.setName("baseline-" + (char) ('a' + i));
        channel.setDiscardOwnMessages(true);
        channel.connect(clusterName);
        LoopbackStack.requireLoopback(channel);
      }
      cluster.awaitFullView(settings.phaseTimeout().toNanos());
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** The members in the order they joined; the first is the coordinator. */
  List<JChannel> members() {
    return List.copyOf(channels);
  }

  private void awaitFullView(long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    while (!channels.stream().allMatch(c -> c.getView().size() == size)) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            "JGroups members did not form one cluster of " + size + ": " + views());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  private List<String> views() {
    return channels.stream().map(c -> c.getName() + "=" + c.getView()).toList();
  }

  /**
   * Closes the members, last joined first. The transports log only fatal errors from here on:
   * members of one JVM closing together race on their shared connections ("Stream closed",
   * "failed sending graceful close"), which says nothing about the figures.
   */
  @Override
  public void close() {
    for (JChannel channel : channels) {
      channel.getProtocolStack().getTransport().level("fatal");
    }
    for (int i = channels.size() - 1; i >= 0; i--) {
      channels.get(i).close();
    }
  }
}
