package io.meshage.command;

import io.meshage.MeshException;

/** The remote node has no handler for the command or RPC id: register one there first. */
public final class NoSuchCommandException extends MeshException {
  private static final long serialVersionUID = 1L;
  private final String node;
  private final int command;

  public NoSuchCommandException(String node, int command, String message) {
    super(message);
    this.node = node;
    this.command = command;
  }

  /** The node that has no handler. */
  public String node() {
    return node;
  }

  /** The command or RPC id it does not handle. */
  public int command() {
    return command;
  }
}
