package io.meshage.group;

/** The group operations that have hooks and errors of their own. */
public enum GroupOperation {
  CREATE,
  JOIN,
  LEAVE,
  BROADCAST,
  /** onTick (no hooks). */
  TICK
}
