package io.meshage.jgroups;

import io.meshage.Discovery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A {@link Discovery} backed by a JGroups channel built from a JGroups XML stack: each node joins
 * the cluster {@code meshage.NAMESPACE} (or the one given) and multicasts its name and listen
 * address whenever it would send a beacon; what others multicast becomes candidates. Use any
 * discovery protocol of JGroups (TCPPING, FILE_PING, JDBC_PING, DNS_PING, KUBE_PING...).
 * Immutable; one instance may serve several nodes.
 */
public final class JGroupsDiscovery implements Discovery {
  /** How the CLI names it: {@code jgroups:FILE.xml}. */
  public static final String SCHEME = "jgroups:";

  private final Path stack;
  private final String cluster;

  /** Discovery through the stack in {@code stack}, cluster named after the node's namespace. */
  public JGroupsDiscovery(Path stack) {
    this(stack, null);
  }

  /**
   * Discovery through the stack in {@code stack}, in the JGroups cluster {@code cluster} (null:
   * {@code meshage.NAMESPACE}).
   *
   * @throws IllegalArgumentException when the file is not readable
   */
  public JGroupsDiscovery(Path stack, String cluster) {
    Objects.requireNonNull(stack, "stack");
    if (!Files.isReadable(stack)) {
      throw new IllegalArgumentException("discovery: JGroups stack " + stack + " is not a readable file");
    }
    if (cluster != null && cluster.isBlank()) {
      throw new IllegalArgumentException("discovery: JGroups cluster name must not be blank");
    }
    this.stack = stack;
    this.cluster = cluster;
  }

  /** Parses {@code jgroups:FILE.xml}; IllegalArgumentException naming what is wrong. */
  public static JGroupsDiscovery parse(String spec) {
    if (spec == null || !spec.startsWith(SCHEME) || spec.length() == SCHEME.length()) {
      throw new IllegalArgumentException("discovery must be jgroups:FILE.xml, got " + spec);
    }
    return new JGroupsDiscovery(Path.of(spec.substring(SCHEME.length())));
  }

  public Path stack() {
    return stack;
  }

  /** The cluster a node of namespace {@code namespace} joins. */
  public String clusterFor(String namespace) {
    return cluster != null ? cluster : "meshage." + namespace;
  }

  @Override
  public Session open(Context context) throws IOException {
    return JGroupsSession.open(this, context);
  }

  @Override
  public String toString() {
    return SCHEME + stack;
  }
}
