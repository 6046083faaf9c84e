package io.meshage.cli;

import io.meshage.MeshNode;
import io.meshage.command.MeshCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * {@code mesh send} on the command layer: a request to the reserved command {@link
 * MeshCommands#SHELL_COMMAND} carries {@code {"line": CMD}}; the answer is {@code {"ok": true|false,
 * "lines": [...]}}. Failures (unreachable, timeout, no handler) come from the layer's futures.
 */
final class CommandRemoteShell implements RemoteShell {
  static final String LINE = "line";
  static final String OK = "ok";
  static final String LINES = "lines";

  private final MeshCommands commands;
  private boolean serving;

  CommandRemoteShell(MeshNode node) {
    this.commands = node.commands();
  }

  @Override
  public synchronized void serve(Function<String, Reply> local) {
    if (serving) {
      throw new IllegalStateException("this node already answers mesh send");
    }
    commands.handleReservedCommand(
        MeshCommands.SHELL_COMMAND,
        (request, sender) -> {
          Reply r = request.get(LINE) instanceof String line
              ? local.apply(line)
              : Reply.error("mesh send request without a command line");
          return Map.of(OK, r.ok(), LINES, r.lines());
        });
    serving = true;
  }

  @Override
  public CompletableFuture<Reply> run(String node, String line, Duration timeout) {
    return commands
        .sendRequest(MeshCommands.SHELL_COMMAND, node, Map.of(LINE, line), timeout)
        .thenApply(CommandRemoteShell::decode);
  }

  private static Reply decode(Map<String, Object> answer) {
    List<String> lines = new ArrayList<>();
    if (answer.get(LINES) instanceof List<?> list) {
      for (Object o : list) {
        lines.add(String.valueOf(o));
      }
    }
    return new Reply(Boolean.TRUE.equals(answer.get(OK)), false, lines);
  }

  @Override
  public synchronized void close() {
    if (serving) {
      commands.removeCommand(MeshCommands.SHELL_COMMAND);
      serving = false;
    }
  }
}
