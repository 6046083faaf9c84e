package io.meshage.internal.link;

import io.meshage.MeshNode;

/** Not shipped: a link class that refers to the facade, for {@code ArchitectureTest}. */
public final class ArchProbeUpward {
  private ArchProbeUpward() {}

  /** A dependency on the facade from the inside. */
  public static String nameOf(MeshNode node) {
    return node.name();
  }
}
