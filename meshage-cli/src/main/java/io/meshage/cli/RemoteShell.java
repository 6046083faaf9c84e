package io.meshage.cli;

import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Runs shell command lines on other nodes through the mesh ({@code mesh send}) and answers such
 * requests from other nodes, with the output streamed back line by line as it comes.
 */
interface RemoteShell extends AutoCloseable {
  /**
   * Answers requests from other nodes with {@code local}, which runs one command line here,
   * handing output lines to its consumer as they come, and returns how it ended.
   */
  void serve(BiFunction<String, Consumer<String>, Reply> local);

  /**
   * Starts {@code line} on {@code node}: output lines go to {@code lines} in order, then {@code
   * done} gets the end exactly once: the remote reply, or a failure ({@code failed: REASON}).
   */
  Job start(String node, String line, Consumer<String> lines, Consumer<Reply> done);

  @Override
  void close();

  /** A command running on another node. */
  interface Job {
    /** Stops waiting and asks the node to stop the command; {@code done} is not called after it. */
    void cancel();
  }
}
