package io.meshage.cli;

import io.meshage.Discovery;
import io.meshage.jgroups.JGroupsDiscovery;

/**
 * Turns {@code --discovery SPEC} into a {@link Discovery}; its own class so that JGroups is loaded
 * only when the option is used.
 */
final class DiscoveryOption {
  private DiscoveryOption() {}

  /** {@code jgroups:FILE.xml}; IllegalArgumentException naming what is wrong. */
  static Discovery parse(String spec) {
    return JGroupsDiscovery.parse(spec);
  }
}
