package io.meshage.internal.link;

import io.meshage.internal.facade.LocalNode;

/** Not shipped: a link class that refers to a facade implementation, for {@code ArchitectureTest}. */
public final class ArchProbeUpward {
  private ArchProbeUpward() {}

  /** A dependency on a facade implementation from the inside. */
  public static String nameOf(LocalNode node) {
    return node.name();
  }
}
