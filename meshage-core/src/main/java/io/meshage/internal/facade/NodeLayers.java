package io.meshage.internal.facade;

import io.meshage.MeshNode;
import io.meshage.command.ClusterInfo;
import io.meshage.internal.cluster.LocalCluster;
import io.meshage.command.MeshCommands;
import io.meshage.command.NodeStatus;
import io.meshage.file.FileConfig;
import io.meshage.file.MeshFiles;
import io.meshage.group.GroupConfig;
import io.meshage.group.Groups;
import io.meshage.group.Notifications;
import io.meshage.internal.LayerScheduler;
import io.meshage.internal.command.CommandLayer;
import io.meshage.internal.rpc.LocalRpc;
import io.meshage.internal.command.CommandRegistry;
import io.meshage.internal.file.LocalFiles;
import io.meshage.internal.group.LocalGroups;
import io.meshage.internal.group.LocalNotifications;
import io.meshage.internal.node.NodeCore;
import io.meshage.rpc.BilateralRpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Executor;

/**
 * The layers on top of one {@link MeshNode}, built with their constructors: commands, RPC and
 * notifications when the node starts (so that the node answers them from the beginning), cluster
 * info and groups on first use. Closes them in order.
 */
final class NodeLayers {
  private final MeshNode node;
  private final NodeCore core;
  private final Executor completions;
  private final LocalCommands commands;
  /** Where the layers on top register meshage's reserved command ids. */
  private final CommandRegistry reserved;
  private final LocalRpc rpc;
  private final LocalNotifications notifications;
  private volatile LocalCluster cluster;
  private LocalGroups groups;
  /** Null unless the config gives the node a folder to serve. */
  private final LocalFiles files;

  NodeLayers(MeshNode node, NodeCore core, Executor completions) {
    this.node = node;
    this.core = core;
    this.completions = completions;
    CommandLayer commandLayer = CommandLayer.attach(core, completions);
    this.reserved = commandLayer.registry();
    this.commands = new LocalCommands(commandLayer);
    this.rpc = new LocalRpc(core, completions);
    this.notifications = new LocalNotifications(node, scheduler(), reserved);
    this.files = attachFiles(core.config().files());
  }

  private LocalFiles attachFiles(FileConfig config) {
    if (config == null) {
      return null;
    }
    try {
      return new LocalFiles(node, config, reserved);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the files folders of " + core.name() + ": " + e.getMessage(), e);
    }
  }

  /** See {@link MeshNode#files()}. */
  MeshFiles files() {
    if (files == null) {
      throw new IllegalStateException("files are off on " + core.name()
          + ": give it a folder (MeshConfig.Builder.files, meshage node --files DIR)");
    }
    return files;
  }

  MeshCommands commands() {
    return commands;
  }

  BilateralRpc rpc() {
    return rpc;
  }

  Notifications notifications() {
    return notifications;
  }

  LocalCluster cluster() {
    LocalCluster c = cluster;
    if (c == null) {
      synchronized (this) {
        c = cluster;
        if (c == null) {
          c = new LocalCluster(core, completions);
          cluster = c;
        }
      }
    }
    return c;
  }

  /** See {@link MeshNode#groups(GroupConfig)}. */
  synchronized Groups groups(GroupConfig config) {
    if (groups == null) {
      groups = new LocalGroups(node, config == null ? GroupConfig.defaults() : config, scheduler(), reserved);
    } else if (config != null && config != groups.config()) {
      throw new IllegalStateException("groups of " + core.name() + " already attached with another config");
    }
    return groups;
  }

  /** Marks the node OFFLINE (that MSA goes out at once), then closes every layer. */
  void close() {
    cluster().setStatus(NodeStatus.OFFLINE);
    core.loop().execute(core::announceAtOnce);
    if (files != null) {
      files.close();
    }
    commands.close();
    rpc.close();
    LocalGroups g;
    synchronized (this) {
      g = groups;
    }
    if (g != null) {
      g.close();
    }
  }

  /** The node's clock, with timers and user code off the event loop, for the layers on top. */
  private LayerScheduler scheduler() {
    return LayerScheduler.of(core.loop()::nanoTime,
        (task, nanos) -> core.loop().schedule(() -> completions.execute(task), nanos)::cancel,
        completions);
  }
}
