package io.meshage;

/**
 * The mutable state of a {@link MeshConfig.Builder}: one draft per concern, each holding its
 * defaults until {@link MeshConfig.Builder#build()} turns it into the immutable settings.
 */
final class ConfigDraft {
  final IdentitySettings.Draft identity;
  final AddressSettings.Draft addresses;
  final DiscoverySettings.Draft discovery;
  final TopologySettings.Draft topology;
  final LinkSettings.Draft links;
  final MessagingSettings.Draft messaging;
  final LimitSettings.Draft limits;
  final SecuritySettings.Draft security;
  final FaultSettings.Draft faults;
  /** Built and checked by its own builder; null: files off. */
  io.meshage.file.FileConfig files;

  /** The defaults, for a node called {@code name}. */
  ConfigDraft(String name) {
    identity = new IdentitySettings.Draft(name);
    addresses = new AddressSettings.Draft();
    discovery = new DiscoverySettings.Draft();
    topology = new TopologySettings.Draft();
    links = new LinkSettings.Draft();
    messaging = new MessagingSettings.Draft();
    limits = new LimitSettings.Draft();
    security = new SecuritySettings.Draft();
    faults = new FaultSettings.Draft();
  }

  /** The settings {@code c}, to change a few. */
  ConfigDraft(ConfigGroups c) {
    identity = new IdentitySettings.Draft(c.identity());
    addresses = new AddressSettings.Draft(c.addresses());
    discovery = new DiscoverySettings.Draft(c.discovery());
    topology = new TopologySettings.Draft(c.topology());
    links = new LinkSettings.Draft(c.links());
    messaging = new MessagingSettings.Draft(c.messaging());
    limits = new LimitSettings.Draft(c.limits());
    security = new SecuritySettings.Draft(c.security());
    faults = new FaultSettings.Draft(c.faults());
    files = c.files();
  }

  /**
   * Validates every field, each group in turn (security, identity, topology, addresses, discovery,
   * links, messaging, limits, faults), then the rules across groups; throws an
   * IllegalArgumentException naming the first bad field.
   */
  ConfigGroups build() {
    SecuritySettings s = security.build();
    IdentitySettings i = identity.build();
    TopologySettings t = topology.build();
    return new ConfigGroups(i, addresses.build(), discovery.build(), t, links.build(), messaging.build(),
        limits.build(), s, faults.build(), files);
  }
}
