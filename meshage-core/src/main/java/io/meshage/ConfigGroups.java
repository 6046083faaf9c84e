package io.meshage;

/**
 * The settings of one {@link MeshConfig}, one immutable group per concern; each group validates
 * its own fields, and this record the rules that span groups. {@code files} is null while files
 * are off.
 */
record ConfigGroups(
    IdentitySettings identity,
    AddressSettings addresses,
    DiscoverySettings discovery,
    TopologySettings topology,
    LinkSettings links,
    MessagingSettings messaging,
    LimitSettings limits,
    SecuritySettings security,
    FaultSettings faults,
    io.meshage.file.FileConfig files) {

  ConfigGroups {
    ConfigChecks.checkGuest(identity.guest(), topology.degree(), discovery.discoveryPort());
    if (files != null && files.partSize() > limits.maxFrameSize() - 64 * 1024) {
      throw new IllegalArgumentException("files.partSize (" + files.partSize()
          + ") must be at least 64 KiB below maxFrameSize (" + limits.maxFrameSize() + ")");
    }
  }

  /** The settings a log line shows: who the node is and where it listens and looks. */
  String summary() {
    return "MeshConfig{name=" + identity.name() + ", namespace=" + identity.namespace()
        + ", degree=" + topology.degree() + ", bind=" + addresses.bindAddress() + ":" + addresses.port()
        + ", discoveryPort=" + discovery.discoveryPort() + ", broadcast=" + discovery.broadcastAddress()
        + (discovery.discovery() != null ? ", discovery=" + discovery.discovery() : "")
        + ", msaPeriod=" + topology.msaPeriod() + "}";
  }
}
