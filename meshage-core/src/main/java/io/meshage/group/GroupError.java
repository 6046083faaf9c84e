package io.meshage.group;

/** Why a group operation failed (see {@link GroupException#reason()}). */
public enum GroupError {
  /** create: the TTL must be greater than 10 seconds. */
  INVALID_TTL,
  /** create: this node is OFFLINE (marked to shut down). */
  NODE_OFFLINE,
  /** create: allowEmpty false requires join true, or the group would be deleted at once. */
  EMPTY_WITHOUT_JOIN,
  /** join: the member is already in the group. */
  ALREADY_MEMBER,
  /** join, leave, broadcast: the group does not exist (or no longer). */
  NO_SUCH_GROUP,
  /** leave, broadcast: the member is not in the group. */
  NOT_A_MEMBER,
  /** join, leave: the node holding the group did not answer in time. */
  TIMED_OUT,
  /** join: the node holding the group cannot be reached. */
  UNREACHABLE,
  /** a before or after hook passed an error to next (the cause), or did not call next in time. */
  REFUSED_BY_HOOK,
  /** the node is closed. */
  CLOSED
}
