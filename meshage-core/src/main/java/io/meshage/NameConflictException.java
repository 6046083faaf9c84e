package io.meshage;

import java.io.IOException;

/**
 * This node's name is held by another live instance of the same namespace, which keeps it: the
 * node was refused and has stopped. Thrown by {@link MeshNode#start} (when the conflict shows
 * within the name check after binding) and by {@link MeshNode#dial}; a conflict found later
 * closes the node ({@link MeshNode#conflict()} then tells why). The rule is in the README
 * ("One node per name").
 */
public final class NameConflictException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final String holder;

  /**
   * @param name the contested name
   * @param holder the other instance, as the node that refused us described it (its instance id
   *     and its address, or the neighbour through which it is reached)
   */
  public NameConflictException(String name, String holder) {
    super("name " + name + " is held by another live instance (" + holder + "): this node was refused and stopped;"
        + " start it under another name, or stop the other instance first");
    this.name = name;
    this.holder = holder;
  }

  /** The contested name. */
  public String name() {
    return name;
  }

  /** The other instance: its instance id and address (or the neighbour that reaches it). */
  public String holder() {
    return holder;
  }
}
