package io.meshage.examples;

import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.jgroups.JGroupsDiscovery;
import java.io.IOException;
import java.nio.file.Path;

/** "Discovery beyond broadcast": a node that finds its peers through a JGroups stack. */
public final class JGroupsDiscoveryExample {
  private JGroupsDiscoveryExample() {}

  /** Starts {@code n1} with the JGroups stack in {@code stack} (the README shows jgroups.xml). */
  public static MeshNode run(Path stack) throws IOException {
    // README:begin jgroups
    MeshNode node = MeshNode.start(MeshConfig.builder("n1")
        .discoveryPort(0)
        .discovery(new JGroupsDiscovery(stack))
        .build());
    // README:end
    return node;
  }
}
