package io.meshage.internal.facade;

import io.meshage.HandlerMode;
import io.meshage.command.CommandHandler;
import io.meshage.command.CommandStats;
import io.meshage.command.MeshCommands;
import io.meshage.command.RpcHandler;
import io.meshage.internal.command.CommandLayer;
import io.meshage.internal.command.CommandRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The one implementation of {@link MeshCommands}, over a node's command layer; built by {@link NodeLayers}. */
public final class LocalCommands implements MeshCommands {
  private final CommandLayer layer;
  private final CommandRegistry registry;
  private final CommandStats stats;

  /** Built by the node factories (see {@code NodeLayers}). */
  public LocalCommands(CommandLayer layer) {
    this.layer = layer;
    this.registry = layer.registry();
    this.stats = new CommandCounterView(layer.metrics());
  }

  @Override
  public CommandStats stats() {
    return stats;
  }

  // ---------------------------------------------------------------- registration

  @Override
  public void handleCommand(int command, CommandHandler handler) {
    registry.handleCommand(command, handler);
  }

  @Override
  public void handleCommand(int command, CommandHandler handler, HandlerMode mode) {
    registry.handleCommand(command, handler, mode);
  }

  @Override
  public void handleShellCommand(CommandHandler handler) {
    registry.handleReservedCommand(SHELL_COMMAND, handler);
  }

  @Override
  public void handleRpc(int rpc, RpcHandler handler) {
    registry.handleRpc(rpc, handler);
  }

  @Override
  public void handleRpc(int rpc, RpcHandler handler, HandlerMode mode) {
    registry.handleRpc(rpc, handler, mode);
  }

  @Override
  public boolean removeCommand(int command) {
    return registry.removeCommand(command);
  }

  @Override
  public boolean removeRpc(int rpc) {
    return registry.removeRpc(rpc);
  }

  @Override
  public boolean isHandled(int command) {
    return registry.isHandled(command);
  }

  // ---------------------------------------------------------------- requests

  @Override
  public CompletableFuture<Map<String, Object>> sendRequest(
      int command, String node, Map<String, ?> data) {
    return sendRequest(command, node, data, layer.defaultTimeout());
  }

  @Override
  public CompletableFuture<Map<String, Object>> sendRequest(
      int command, String node, Map<String, ?> data, Duration timeout) {
    return layer.sendRequest(command, node, data, timeout);
  }

  @Override
  public CompletableFuture<byte[]> sendRpc(int rpc, String node, byte[] payload) {
    return sendRpc(rpc, node, payload, layer.defaultTimeout());
  }

  @Override
  public CompletableFuture<byte[]> sendRpc(int rpc, String node, byte[] payload, Duration timeout) {
    return layer.sendRpc(rpc, node, payload, timeout);
  }

  // ---------------------------------------------------------------- one-way

  @Override
  public CompletableFuture<Void> send(int command, String node, Map<String, ?> data) {
    return layer.send(command, node, data);
  }

  @Override
  public void usend(int command, String node, Map<String, ?> data) {
    layer.usend(command, node, data);
  }

  // ---------------------------------------------------------------- fan-out

  @Override
  public CompletableFuture<Void> sendMany(
      int command, Collection<String> nodes, Map<String, ?> data, int limit) {
    return sendMany(command, nodes, data, limit, layer.defaultTimeout());
  }

  @Override
  public CompletableFuture<Void> sendMany(
      int command, Collection<String> nodes, Map<String, ?> data, int limit, Duration timeout) {
    return layer.sendMany(command, nodes, data, limit, timeout);
  }

  @Override
  public void usendMany(int command, Collection<String> nodes, Map<String, ?> data, int limit) {
    layer.usendMany(command, nodes, data, limit);
  }

  // ---------------------------------------------------------------- lifecycle

  /** Fails every pending call and fan-out; further sends fail at once. Called by node.close(). */
  public void close() {
    layer.close();
  }
}
