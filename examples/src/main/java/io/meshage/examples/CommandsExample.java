package io.meshage.examples;

import io.meshage.MeshNode;
import io.meshage.command.MeshCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** "Commands, requests and RPC (Diarkis style)". */
public final class CommandsExample {
  private CommandsExample() {}

  /** What {@link #run} asks of {@code n3}: the same handlers (a node serves what it registered). */
  public static void serve(MeshNode n3) {
    n3.commands().handleCommand(10001, (req, sender) -> Map.of("ok", true));
    n3.commands().handleRpc(20001, (payload, sender) -> payload);
  }

  /** From {@code node} to {@code n3} (which {@link #serve}s), and a fan-out to {@code nodes}. */
  public static byte[] run(MeshNode node, List<String> nodes) throws InterruptedException, ExecutionException {
    byte[] bytes = {1, 2, 3};
    Map<String, Object> data = Map.of("round", 1);
    // README:begin commands
    MeshCommands c = node.commands();
    c.handleCommand(10001, (req, sender) -> Map.of("ok", true));          // ids 0-10000 are reserved
    Map<String, Object> r = c.sendRequest(10001, "n3", Map.of("k", 1)).get();
    c.handleRpc(20001, (payload, sender) -> payload);
    byte[] echo = c.sendRpc(20001, "n3", bytes, Duration.ofSeconds(3)).get();
    c.sendMany(10001, nodes, data, 3);      // relay tree: each hop hands on to at most 3 others
    node.cluster().setNodeType("game");      // node types, values, status, shared data: carried in MSAs
    // README:end
    if (!Boolean.TRUE.equals(r.get("ok"))) {
      throw new IllegalStateException("n3 answered " + r);
    }
    return echo;
  }
}
