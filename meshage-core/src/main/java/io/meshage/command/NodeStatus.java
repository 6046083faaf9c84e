package io.meshage.command;

/**
 * What a node accepts, as in Diarkis: ONLINE (the default) accepts new work, TAKEN keeps its
 * current users but takes no new ones, OFFLINE is about to shut down.
 */
public enum NodeStatus {
  ONLINE,
  OFFLINE,
  TAKEN
}
