package io.meshage.cli;

import io.meshage.MeshNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Duration;

/**
 * One node's shell: its commands, and the service that answers {@code mesh send} from other
 * nodes. Every node of a process has one; the console shell runs on one of them.
 */
final class Session implements AutoCloseable {
  /** How long {@code rpc call} waits for answers. */
  static final Duration RPC_TIMEOUT = Duration.ofSeconds(10);

  private final ShellCommands commands;
  private final RemoteShell remote;

  private Session(ShellCommands commands, RemoteShell remote) {
    this.commands = commands;
    this.remote = remote;
  }

  /** Starts answering {@code mesh send} on {@code node}, with no limits and text output. */
  static Session attach(MeshNode node, boolean allowShell) {
    return attach(node, ShellSettings.of(allowShell));
  }

  /** Starts answering {@code mesh send} on {@code node}. */
  static Session attach(MeshNode node, ShellSettings settings) {
    RpcShell.serveBuiltIns(node);
    RemoteShell remote = new CommandRemoteShell(node);
    ShellCommands commands = new ShellCommands(node, settings, remote);
    remote.serve((line, out) -> commands.run(line, true, out));
    return new Session(commands, remote);
  }

  ShellCommands commands() {
    return commands;
  }

  /**
   * Runs the shell on this process's console: line editing when stdin and stdout are a terminal,
   * else plain lines from stdin to {@code out}. Returns at {@code quit} or end of input.
   */
  void runConsole(PrintWriter out) throws IOException {
    LineSource source;
    if (System.console() != null) {
      source =
          TerminalLineSource.open(
              commands.node().name(), () -> commands.node().mesh().keySet());
    } else {
      source =
          LineSource.plain(
              new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())), out);
    }
    try (source) {
      new Shell(commands, source).run();
    }
  }

  @Override
  public void close() {
    remote.close();
  }
}
