package io.meshage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Immutable settings of one mesh node. Built by {@link #builder(String)}; every field is
 * validated once in {@link Builder#build()} and a bad value throws an {@link
 * IllegalArgumentException} whose message names the field.
 *
 * <p>Inside, the settings are grouped by concern ({@link ConfigGroups}: identity, addresses,
 * discovery, topology, links, messaging, limits, security, faults); the builder fills one draft of
 * each ({@link ConfigDraft}). The flat getters and builder methods are the public face of them.
 */
public final class MeshConfig {
  /** Default namespace, as in meshage. */
  public static final String DEFAULT_NAMESPACE = "meshage";
  /** Default broadcast address. It leaves the machine: tests and demos use 127.255.255.255. */
  public static final String DEFAULT_BROADCAST = "255.255.255.255";
  /** Default hard cap on one frame, checked before any allocation. */
  public static final int DEFAULT_MAX_FRAME = 10 * 1024 * 1024;
  /** The largest degree a node accepts. */
  public static final int MAX_DEGREE = 1024;

  private final ConfigGroups groups;

  private MeshConfig(ConfigGroups groups) {
    this.groups = groups;
  }

  /** A builder for a node called {@code name} (unique within its namespace). */
  public static Builder builder(String name) {
    return new Builder(new ConfigDraft(name));
  }

  /** Preset for nodes on one machine: loopback bind, loopback broadcast, fast timers. */
  public static Builder local(String name) {
    return new Builder(new ConfigDraft(name))
        .bindAddress("127.0.0.1")
        .broadcastAddress("127.255.255.255")
        .keepaliveInterval(Duration.ofMillis(250))
        .keepaliveTimeout(Duration.ofSeconds(1));
  }

  /** Preset for a LAN testbed: wildcard bind, LAN broadcast, default timers. */
  public static Builder lan(String name) {
    return new Builder(new ConfigDraft(name)).bindAddress("0.0.0.0").discoveryPort(9000);
  }

  /** A builder pre-filled with this configuration, for small changes. */
  public Builder toBuilder() {
    return new Builder(new ConfigDraft(groups));
  }

  public String name() {
    return groups.identity().name();
  }

  public String namespace() {
    return groups.identity().namespace();
  }

  /** What the node serves and where it downloads files ({@code node.files()}); null: files off. */
  public io.meshage.file.FileConfig files() {
    return groups.files();
  }

  public int degree() {
    return groups.topology().degree();
  }

  public String bindAddress() {
    return groups.addresses().bindAddress();
  }

  /**
   * More addresses to listen on besides {@link #bindAddress()}:{@link #port()}, each {@code
   * host:port} (port 0: any free port), as bilateralrpc's several {@code ListenOn}; the node is
   * dialable on any of them. Empty by default.
   */
  public List<String> bindAddresses() {
    return groups.addresses().bindAddresses();
  }

  public int port() {
    return groups.addresses().port();
  }

  public int discoveryPort() {
    return groups.discovery().discoveryPort();
  }

  public String broadcastAddress() {
    return groups.discovery().broadcastAddress();
  }

  public Duration msaPeriod() {
    return groups.topology().msaPeriod();
  }

  /** Minimum spacing of triggered MSAs (rate limit). */
  public Duration msaMinInterval() {
    return groups.topology().msaMinInterval();
  }

  public Duration ackTimeout() {
    return groups.messaging().ackTimeout();
  }

  public Duration keepaliveInterval() {
    return groups.links().keepaliveInterval();
  }

  public Duration keepaliveTimeout() {
    return groups.links().keepaliveTimeout();
  }

  public Duration handshakeTimeout() {
    return groups.links().handshakeTimeout();
  }

  /** Accepted connections not yet authenticated, at most (more are closed at once). */
  public int maxHandshakes() {
    return groups.links().maxHandshakes();
  }

  /** Accepted connections not yet authenticated from one source address, at most. */
  public int maxHandshakesPerAddress() {
    return groups.links().maxHandshakesPerAddress();
  }

  public Duration beaconPeriod() {
    return groups.discovery().beaconPeriod();
  }

  public Duration beaconMaxPeriod() {
    return groups.discovery().beaconMaxPeriod();
  }

  public int maxFrameSize() {
    return groups.limits().maxFrameSize();
  }

  /** Frames queued per link before senders feel backpressure. */
  public int linkQueueFrames() {
    return groups.limits().linkQueueFrames();
  }

  /** Messages awaiting end-to-end ACKs per node before new sends are refused or wait. */
  public int maxInFlight() {
    return groups.messaging().maxInFlight();
  }

  public int handlerThreads() {
    return groups.messaging().handlerThreads();
  }

  /**
   * How long a thread blocked on this node's answer (a synchronous {@code set} or {@code
   * broadcast}, {@code get} or {@code join} on a {@code sendRequest} or {@code sendRpc} future, a
   * blocking {@code rpc().call}) spins before it parks, so that an answer arriving within it
   * needs no thread wake-up. Default zero (park at once); at most 1 ms. A few tens of
   * microseconds halve a round trip on an idle machine, at the cost of that much CPU per call:
   * see the README's direct handlers.
   */
  public Duration callerSpin() {
    return groups.messaging().callerSpin();
  }

  public int maxBodyDepth() {
    return groups.limits().maxBodyDepth();
  }

  /**
   * How long a recipient keeps the ACKs (and answers) it sent, to send them again along the new
   * route when the topology changes (a relay on the way back may have died with them); while it
   * is not zero, an origin also sends its waiting messages again on a topology change. Default:
   * the ACK timeout; zero turns all of this off.
   */
  public Duration ackRetention() {
    return groups.messaging().ackRetentionInForce();
  }

  /**
   * A link this node sends on is dropped when the neighbour has been silent this long (a healthy
   * neighbour answers within about one keepalive interval). Default: half the keepalive timeout,
   * at least four keepalive intervals (2 s with the default 500 ms / 3 s keepalive), and off when
   * that reaches the keepalive timeout; zero leaves detection to the keepalive timeout alone.
   */
  public Duration busyLinkTimeout() {
    return groups.links().busyLinkTimeoutInForce();
  }

  /**
   * The adaptive failure detector's floor, or zero when it is off (the fixed timers: the keepalive
   * and busy-link timeouts). Default: 450 ms (off when the keepalive timeout is not above that).
   * Each link is dropped once it has been silent longer than its own arrivals made normal: the
   * most of the running mean of the gaps between arrivals plus four mean deviations, twice the
   * longest recent gap, and an exponential tail fitted to each second's worst gap over the last
   * minute (the silence the link would show once in 10^5 seconds); never under the floor (raised
   * by this node's own recent scheduling lateness) nor over {@link #keepaliveTimeout()}, which is
   * also the threshold in a link's first 8 s and in the node's own first 8 s. Pings go out every quarter of the floor (at most every {@link
   * #keepaliveInterval()}); a pause of this node's own loop (a GC, a starved CPU) is forgiven, and
   * a link past its threshold is dropped only after the node has read its links once more.
   * Replaces the busy-link timeout. {@code adaptiveDetection(Duration.ZERO)} restores the fixed
   * timers.
   */
  public Duration adaptiveDetection() {
    return groups.links().adaptiveDetectionInForce();
  }

  /** Whether the node's transport is wrapped for fault injection (see {@link MeshNode#faults()}). */
  public boolean faultInjection() {
    return groups.faults().faultInjection();
  }

  /** Seed of the fault injector's RNG. */
  public long faultSeed() {
    return groups.faults().faultSeed();
  }

  /**
   * The namespace keys the node starts with, the first one used for sending (copies; empty: no
   * key, links and beacons in the clear). Rotate them at run time with {@link MeshNode#keys()}.
   */
  public List<byte[]> keys() {
    return KeyList.copy(groups.security().keys());
  }

  /** Whether the node starts with a namespace key. */
  public boolean keyed() {
    return !groups.security().keys().isEmpty();
  }

  /**
   * Strict mode: data, ACKs and commands only from nodes in the current topology, and an MSA of a
   * neighbour only over that neighbour's own (authenticated) link. Default off.
   */
  public boolean strict() {
    return groups.security().strict();
  }

  /**
   * A guest node (Diarkis' {@code Guest}): it links to one member it dials and sends and receives
   * messages, requests and RPCs, but it is not part of the mesh: members do not list it in {@code
   * mesh()} nor {@code broadcastRecipients()}, never route through it, never broadcast to it and
   * never pick it by type. It accepts no links and takes no part in discovery (degree and
   * discoveryPort 0). Default off.
   */
  public boolean guest() {
    return groups.identity().guest();
  }

  /** How old (or how far in the future) a sealed beacon may be; nonces are remembered twice as long. */
  public Duration beaconReplayWindow() {
    return groups.security().beaconReplayWindow();
  }

  /**
   * How long a neighbour hung up by hand ({@link MeshNode#hangup}) is not linked again
   * automatically, unless this node has no link at all (default 60 s; zero turns it off).
   */
  public Duration hangupHoldDown() {
    return groups.topology().hangupHoldDown();
  }

  /**
   * The pluggable discovery beside (or, with {@code discoveryPort} 0, instead of) broadcast
   * beacons; null when there is none (the default).
   */
  public Discovery discovery() {
    return groups.discovery().discovery();
  }

  /**
   * The address other nodes dial, {@code HOST} or {@code HOST:PORT} (an IPv6 host in brackets),
   * carried in beacons and HELLO instead of the bound one (NAT, containers, multi-homed hosts);
   * without a port the bound port is meant. Null (the default): the bound address.
   */
  public String advertise() {
    return groups.addresses().advertise();
  }

  @Override
  public String toString() {
    return groups.summary();
  }

  /** Collects and validates settings; see {@link MeshConfig}. */
  public static final class Builder {
    private final ConfigDraft draft;

    private Builder(ConfigDraft draft) {
      this.draft = draft;
    }

    public Builder name(String v) {
      draft.identity.name = v;
      return this;
    }

    public Builder namespace(String v) {
      draft.identity.namespace = v;
      return this;
    }

    public Builder degree(int v) {
      draft.topology.degree = v;
      return this;
    }

    /** More {@code host:port} addresses to listen on (see {@link MeshConfig#bindAddresses()}). */
    public Builder bindAddresses(List<String> v) {
      draft.addresses.bindAddresses = v == null ? List.of() : List.copyOf(v);
      return this;
    }

    public Builder bindAddress(String v) {
      draft.addresses.bindAddress = v;
      return this;
    }

    /**
     * Binds to the first IPv4 address of the network interface {@code name} (Diarkis' {@code nic}
     * setting; an interface with IPv6 addresses only gives its first one), resolved now.
     *
     * @throws IllegalArgumentException naming {@code nic} when the interface does not exist, is down
     *     or has no address
     */
    public Builder nic(String name) {
      draft.addresses.bindAddress = Nic.address(name);
      return this;
    }

    public Builder port(int v) {
      draft.addresses.port = v;
      return this;
    }

    public Builder discoveryPort(int v) {
      draft.discovery.discoveryPort = v;
      return this;
    }

    public Builder broadcastAddress(String v) {
      draft.discovery.broadcastAddress = v;
      return this;
    }

    public Builder msaPeriod(Duration v) {
      draft.topology.msaPeriod = v;
      return this;
    }

    public Builder msaMinInterval(Duration v) {
      draft.topology.msaMinInterval = v;
      return this;
    }

    public Builder ackTimeout(Duration v) {
      draft.messaging.ackTimeout = v;
      return this;
    }

    public Builder keepaliveInterval(Duration v) {
      draft.links.keepaliveInterval = v;
      return this;
    }

    /**
     * See {@link MeshConfig#adaptiveDetection()}: the floor (30 ms up to the keepalive timeout),
     * zero for off (the fixed timers), null for the default (450 ms).
     */
    public Builder adaptiveDetection(Duration v) {
      draft.links.adaptiveDetection = v;
      return this;
    }

    public Builder keepaliveTimeout(Duration v) {
      draft.links.keepaliveTimeout = v;
      return this;
    }

    public Builder handshakeTimeout(Duration v) {
      draft.links.handshakeTimeout = v;
      return this;
    }

    public Builder beaconPeriod(Duration v) {
      draft.discovery.beaconPeriod = v;
      return this;
    }

    public Builder beaconMaxPeriod(Duration v) {
      draft.discovery.beaconMaxPeriod = v;
      return this;
    }

    /**
     * Bounds the accepted connections still in their handshake (key step and HELLO), in total and
     * per source address; one over either bound is closed at once. Default 128 and 32.
     */
    public Builder maxHandshakes(int total, int perAddress) {
      draft.links.maxHandshakes = total;
      draft.links.maxHandshakesPerAddress = perAddress;
      return this;
    }

    public Builder maxFrameSize(int v) {
      draft.limits.maxFrameSize = v;
      return this;
    }

    public Builder linkQueueFrames(int v) {
      draft.limits.linkQueueFrames = v;
      return this;
    }

    public Builder maxInFlight(int v) {
      draft.messaging.maxInFlight = v;
      return this;
    }

    public Builder handlerThreads(int v) {
      draft.messaging.handlerThreads = v;
      return this;
    }

    /** See {@link MeshConfig#callerSpin()}. */
    public Builder callerSpin(Duration v) {
      draft.messaging.callerSpin = v;
      return this;
    }

    public Builder maxBodyDepth(int v) {
      draft.limits.maxBodyDepth = v;
      return this;
    }

    /** See {@link MeshConfig#ackRetention()}; null restores the default. */
    public Builder ackRetention(Duration v) {
      draft.messaging.ackRetention = v;
      return this;
    }

    /** See {@link MeshConfig#busyLinkTimeout()}; null restores the default. */
    public Builder busyLinkTimeout(Duration v) {
      draft.links.busyLinkTimeout = v;
      return this;
    }

    /**
     * Wraps the node's transport so that faults can be injected through {@link MeshNode#faults()}
     * (default off; with no fault set it costs one volatile read per frame).
     */
    public Builder faultInjection(boolean v) {
      draft.faults.faultInjection = v;
      return this;
    }

    /** Seed of the fault injector's RNG, so that a fault schedule replays (default 1). */
    public Builder faultSeed(long v) {
      draft.faults.faultSeed = v;
      return this;
    }

    /**
     * Namespace keys, 16-64 bytes each (32 random bytes recommended); the first is used for
     * sending, the others are accepted. Empty (the default) means no key.
     */
    public Builder keys(List<byte[]> v) {
      draft.security.keys = v == null ? null : new ArrayList<>(v);
      return this;
    }

    /** One namespace key (see {@link #keys(List)}). */
    public Builder key(byte[] v) {
      return keys(java.util.Collections.singletonList(v));
    }

    /** A guest node (see {@link MeshConfig#guest()}); true also sets degree and discoveryPort to 0. */
    public Builder guest(boolean v) {
      draft.identity.guest = v;
      if (v) {
        draft.topology.degree = 0;
        draft.discovery.discoveryPort = 0;
      }
      return this;
    }

    /** Strict mode (see {@link MeshConfig#strict()}; default off). */
    public Builder strict(boolean v) {
      draft.security.strict = v;
      return this;
    }

    /** Replay window of sealed beacons (default 30 s; it must cover the clock skew between hosts). */
    public Builder beaconReplayWindow(Duration v) {
      draft.security.beaconReplayWindow = v;
      return this;
    }

    /** See {@link MeshConfig#hangupHoldDown()} (default 60 s, zero turns it off). */
    public Builder hangupHoldDown(Duration v) {
      draft.topology.hangupHoldDown = v;
      return this;
    }

    /**
     * Candidates from a pluggable source (see {@link Discovery}), used beside broadcast beacons
     * when {@code discoveryPort} is set too; null (the default) leaves broadcast alone.
     */
    public Builder discovery(Discovery v) {
      draft.discovery.discovery = v;
      return this;
    }

    /** See {@link MeshConfig#advertise()}; null (the default) advertises the bound address. */
    public Builder advertise(String v) {
      draft.addresses.advertise = v;
      return this;
    }

    /**
     * Serves {@code folder} and downloads into it ({@code node.files()}), with the defaults of
     * {@link io.meshage.file.FileConfig}; null turns files off (the default).
     */
    public Builder files(java.nio.file.Path folder) {
      draft.files = folder == null ? null : io.meshage.file.FileConfig.of(folder);
      return this;
    }

    /** Files over the mesh with {@code config}; null turns files off (the default). */
    public Builder files(io.meshage.file.FileConfig config) {
      draft.files = config;
      return this;
    }

    /** Validates every field; throws IllegalArgumentException naming the first bad one. */
    public MeshConfig build() {
      return new MeshConfig(draft.build());
    }
  }
}
