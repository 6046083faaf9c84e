package io.meshage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Immutable settings of one mesh node. Built by {@link #builder(String)}; every field is
 * validated once in {@link Builder#build()} and a bad value throws an {@link
 * IllegalArgumentException} whose message names the field.
 */
public final class MeshConfig {
  /** Default namespace, as in meshage. */
  public static final String DEFAULT_NAMESPACE = "meshage";
  /** Default broadcast address. It leaves the machine: tests and demos use 127.255.255.255. */
  public static final String DEFAULT_BROADCAST = "255.255.255.255";
  /** Default hard cap on one frame, checked before any allocation. */
  public static final int DEFAULT_MAX_FRAME = 10 * 1024 * 1024;


  private final String name;
  private final String namespace;
  private final int degree;
  private final String bindAddress;
  private final List<String> bindAddresses;
  private final int port;
  private final int discoveryPort;
  private final String broadcastAddress;
  private final Duration msaPeriod;
  private final Duration msaMinInterval;
  private final Duration ackTimeout;
  private final Duration keepaliveInterval;
  private final Duration keepaliveTimeout;
  private final Duration handshakeTimeout;
  private final int maxHandshakes;
  private final int maxHandshakesPerAddress;
  private final Duration beaconPeriod;
  private final Duration beaconMaxPeriod;
  private final int maxFrameSize;
  private final int linkQueueFrames;
  private final int maxInFlight;
  private final int handlerThreads;
  private final int maxBodyDepth;
  private final Duration ackRetention;
  private final Duration busyLinkTimeout;
  private final Duration adaptiveDetection;
  private final boolean faultInjection;
  private final long faultSeed;
  private final List<byte[]> keys;
  private final boolean strict;
  private final boolean guest;
  private final Duration beaconReplayWindow;
  private final Duration hangupHoldDown;
  private final Discovery discovery;
  private final String advertise;
  private final io.meshage.file.FileConfig files;

  private MeshConfig(Builder b) {
    this.discovery = b.discovery;
    this.advertise = b.advertise;
    this.files = b.files;
    this.keys = KeyList.copy(b.keys);
    this.strict = b.strict;
    this.guest = b.guest;
    this.beaconReplayWindow = b.beaconReplayWindow;
    this.hangupHoldDown = b.hangupHoldDown;
    this.name = b.name;
    this.namespace = b.namespace;
    this.degree = b.degree;
    this.bindAddress = b.bindAddress;
    this.bindAddresses = List.copyOf(b.bindAddresses);
    this.port = b.port;
    this.discoveryPort = b.discoveryPort;
    this.broadcastAddress = b.broadcastAddress;
    this.msaPeriod = b.msaPeriod;
    this.msaMinInterval = b.msaMinInterval;
    this.ackTimeout = b.ackTimeout;
    this.keepaliveInterval = b.keepaliveInterval;
    this.keepaliveTimeout = b.keepaliveTimeout;
    this.handshakeTimeout = b.handshakeTimeout;
    this.maxHandshakes = b.maxHandshakes;
    this.maxHandshakesPerAddress = b.maxHandshakesPerAddress;
    this.beaconPeriod = b.beaconPeriod;
    this.beaconMaxPeriod = b.beaconMaxPeriod;
    this.maxFrameSize = b.maxFrameSize;
    this.linkQueueFrames = b.linkQueueFrames;
    this.maxInFlight = b.maxInFlight;
    this.handlerThreads = b.handlerThreads;
    this.maxBodyDepth = b.maxBodyDepth;
    this.ackRetention = b.ackRetention;
    this.busyLinkTimeout = b.busyLinkTimeout;
    this.adaptiveDetection = b.adaptiveDetection;
    this.faultInjection = b.faultInjection;
    this.faultSeed = b.faultSeed;
  }

  /** A builder for a node called {@code name} (unique within its namespace). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Preset for nodes on one machine: loopback bind, loopback broadcast, fast timers. */
  public static Builder local(String name) {
    return new Builder(name)
        .bindAddress("127.0.0.1")
        .broadcastAddress("127.255.255.255")
        .keepaliveInterval(Duration.ofMillis(250))
        .keepaliveTimeout(Duration.ofSeconds(1));
  }

  /** Preset for a LAN testbed: wildcard bind, LAN broadcast, default timers. */
  public static Builder lan(String name) {
    return new Builder(name).bindAddress("0.0.0.0").discoveryPort(9000);
  }

  /** A builder pre-filled with this configuration, for small changes. */
  public Builder toBuilder() {
    return new Builder(name)
        .namespace(namespace).degree(degree).bindAddress(bindAddress).bindAddresses(bindAddresses).port(port)
        .discoveryPort(discoveryPort).broadcastAddress(broadcastAddress).msaPeriod(msaPeriod)
        .msaMinInterval(msaMinInterval).ackTimeout(ackTimeout).keepaliveInterval(keepaliveInterval)
        .keepaliveTimeout(keepaliveTimeout).handshakeTimeout(handshakeTimeout)
        .maxHandshakes(maxHandshakes, maxHandshakesPerAddress).beaconPeriod(beaconPeriod)
        .beaconMaxPeriod(beaconMaxPeriod).maxFrameSize(maxFrameSize).linkQueueFrames(linkQueueFrames)
        .maxInFlight(maxInFlight).handlerThreads(handlerThreads).maxBodyDepth(maxBodyDepth)
        .ackRetention(ackRetention).busyLinkTimeout(busyLinkTimeout).adaptiveDetection(adaptiveDetection).faultInjection(faultInjection)
        .faultSeed(faultSeed).keys(keys).strict(strict).guest(guest).beaconReplayWindow(beaconReplayWindow)
        .hangupHoldDown(hangupHoldDown)
        .discovery(discovery).advertise(advertise).files(files);
  }

  public String name() {
    return name;
  }

  /** What the node serves and where it downloads files ({@code node.files()}); null: files off. */
  public io.meshage.file.FileConfig files() {
    return files;
  }

  public String namespace() {
    return namespace;
  }

  public int degree() {
    return degree;
  }

  public String bindAddress() {
    return bindAddress;
  }

  /**
   * More addresses to listen on besides {@link #bindAddress()}:{@link #port()}, each {@code
   * host:port} (port 0: any free port), as bilateralrpc's several {@code ListenOn}; the node is
   * dialable on any of them. Empty by default.
   */
  public List<String> bindAddresses() {
    return bindAddresses;
  }

  public int port() {
    return port;
  }

  public int discoveryPort() {
    return discoveryPort;
  }

  public String broadcastAddress() {
    return broadcastAddress;
  }

  public Duration msaPeriod() {
    return msaPeriod;
  }

  /** Minimum spacing of triggered MSAs (rate limit). */
  public Duration msaMinInterval() {
    return msaMinInterval;
  }

  public Duration ackTimeout() {
    return ackTimeout;
  }

  public Duration keepaliveInterval() {
    return keepaliveInterval;
  }

  public Duration keepaliveTimeout() {
    return keepaliveTimeout;
  }

  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /** Accepted connections not yet authenticated, at most (more are closed at once). */
  public int maxHandshakes() {
    return maxHandshakes;
  }

  /** Accepted connections not yet authenticated from one source address, at most. */
  public int maxHandshakesPerAddress() {
    return maxHandshakesPerAddress;
  }

  public Duration beaconPeriod() {
    return beaconPeriod;
  }

  public Duration beaconMaxPeriod() {
    return beaconMaxPeriod;
  }

  public int maxFrameSize() {
    return maxFrameSize;
  }

  /** Frames queued per link before senders feel backpressure. */
  public int linkQueueFrames() {
    return linkQueueFrames;
  }

  /** Messages awaiting end-to-end ACKs per node before new sends are refused or wait. */
  public int maxInFlight() {
    return maxInFlight;
  }

  public int handlerThreads() {
    return handlerThreads;
  }

  public int maxBodyDepth() {
    return maxBodyDepth;
  }

  /**
   * How long a recipient keeps the ACKs (and answers) it sent, to send them again along the new
   * route when the topology changes (a relay on the way back may have died with them); while it
   * is not zero, an origin also sends its waiting messages again on a topology change. Default:
   * the ACK timeout; zero turns all of this off.
   */
  public Duration ackRetention() {
    return ackRetention != null ? ackRetention : ackTimeout;
  }

  /**
   * A link this node sends on is dropped when the neighbour has been silent this long (a healthy
   * neighbour answers within about one keepalive interval). Default: half the keepalive timeout,
   * at least four keepalive intervals (2 s with the default 500 ms / 3 s keepalive), and off when
   * that reaches the keepalive timeout; zero leaves detection to the keepalive timeout alone.
   */
  public Duration busyLinkTimeout() {
    if (busyLinkTimeout != null) {
      return busyLinkTimeout;
    }
    Duration half = keepaliveTimeout.dividedBy(2);
    Duration four = keepaliveInterval.multipliedBy(4);
    Duration d = half.compareTo(four) >= 0 ? half : four;
    return d.compareTo(keepaliveTimeout) < 0 ? d : Duration.ZERO;
  }

  /**
   * The adaptive failure detector's floor, or zero (the default) when it is off. When on, each link
   * is dropped once it has been silent longer than its own arrivals made normal: the running mean
   * of the silences between arrivals plus four mean deviations (as TCP's retransmission timer
   * estimates a round trip), never under this floor nor over {@link #keepaliveTimeout()}. Pings go
   * out every third of the floor (at most every {@link #keepaliveInterval()}), so an idle link
   * hears at least three within it; a pause of this node's own loop (a GC, a starved CPU) is
   * forgiven: silences do not grow while the node itself could not listen. Replaces the busy-link
   * timeout.
   */
  public Duration adaptiveDetection() {
    return adaptiveDetection;
  }

  /** Whether the node's transport is wrapped for fault injection (see {@link MeshNode#faults()}). */
  public boolean faultInjection() {
    return faultInjection;
  }

  /** Seed of the fault injector's RNG. */
  public long faultSeed() {
    return faultSeed;
  }

  /**
   * The namespace keys the node starts with, the first one used for sending (copies; empty: no
   * key, links and beacons in the clear). Rotate them at run time with {@link MeshNode#keys()}.
   */
  public List<byte[]> keys() {
    return KeyList.copy(keys);
  }

  /** Whether the node starts with a namespace key. */
  public boolean keyed() {
    return !keys.isEmpty();
  }

  /**
   * Strict mode: data, ACKs and commands only from nodes in the current topology, and an MSA of a
   * neighbour only over that neighbour's own (authenticated) link. Default off.
   */
  public boolean strict() {
    return strict;
  }

  /**
   * A guest node (Diarkis' {@code Guest}): it links to one member it dials and sends and receives
   * messages, requests and RPCs, but it is not part of the mesh: members do not list it in {@code
   * mesh()} nor {@code broadcastRecipients()}, never route through it, never broadcast to it and
   * never pick it by type. It accepts no links and takes no part in discovery (degree and
   * discoveryPort 0). Default off.
   */
  public boolean guest() {
    return guest;
  }

  /** How old (or how far in the future) a sealed beacon may be; nonces are remembered twice as long. */
  public Duration beaconReplayWindow() {
    return beaconReplayWindow;
  }

  /**
   * How long a neighbour hung up by hand ({@link MeshNode#hangup}) is not linked again
   * automatically, unless this node has no link at all (default 60 s; zero turns it off).
   */
  public Duration hangupHoldDown() {
    return hangupHoldDown;
  }

  /**
   * The pluggable discovery beside (or, with {@code discoveryPort} 0, instead of) broadcast
   * beacons; null when there is none (the default).
   */
  public Discovery discovery() {
    return discovery;
  }

  /**
   * The address other nodes dial, {@code HOST} or {@code HOST:PORT} (an IPv6 host in brackets),
   * carried in beacons and HELLO instead of the bound one (NAT, containers, multi-homed hosts);
   * without a port the bound port is meant. Null (the default): the bound address.
   */
  public String advertise() {
    return advertise;
  }

  @Override
  public String toString() {
    return "MeshConfig{name=" + name + ", namespace=" + namespace + ", degree=" + degree
        + ", bind=" + bindAddress + ":" + port + ", discoveryPort=" + discoveryPort
        + ", broadcast=" + broadcastAddress + (discovery != null ? ", discovery=" + discovery : "")
        + ", msaPeriod=" + msaPeriod + "}";
  }

  /** The largest degree a node accepts. */
  public static final int MAX_DEGREE = 1024;

  /** Collects and validates settings; see {@link MeshConfig}. */
  public static final class Builder {
    String name;
    io.meshage.file.FileConfig files;
    String namespace = DEFAULT_NAMESPACE;
    int degree = 3;
    String bindAddress = "0.0.0.0";
    List<String> bindAddresses = List.of();
    int port = 0;
    int discoveryPort = 0;
    String broadcastAddress = DEFAULT_BROADCAST;
    Duration msaPeriod = Duration.ofSeconds(10);
    Duration msaMinInterval = Duration.ofMillis(5);
    Duration ackTimeout = Duration.ofSeconds(10);
    Duration keepaliveInterval = Duration.ofMillis(500);
    Duration keepaliveTimeout = Duration.ofSeconds(3);
    Duration adaptiveDetection = Duration.ZERO;
    Duration handshakeTimeout = Duration.ofSeconds(3);
    int maxHandshakes = 128;
    int maxHandshakesPerAddress = 32;
    Duration beaconPeriod = Duration.ofMillis(100);
    Duration beaconMaxPeriod = Duration.ofSeconds(5);
    int maxFrameSize = DEFAULT_MAX_FRAME;
    int linkQueueFrames = 65_536;
    int maxInFlight = 100_000;
    int handlerThreads = 2;
    int maxBodyDepth = 32;
    Duration ackRetention;
    Duration busyLinkTimeout;
    boolean faultInjection;
    long faultSeed = 1;
    List<byte[]> keys = List.of();
    boolean strict;
    boolean guest;
    Duration beaconReplayWindow = Duration.ofSeconds(30);
    Duration hangupHoldDown = Duration.ofSeconds(60);
    Discovery discovery;
    String advertise;

    private Builder(String name) {
      this.name = name;
    }

    public Builder name(String v) {
      this.name = v;
      return this;
    }

    public Builder namespace(String v) {
      this.namespace = v;
      return this;
    }

    public Builder degree(int v) {
      this.degree = v;
      return this;
    }

    /** More {@code host:port} addresses to listen on (see {@link MeshConfig#bindAddresses()}). */
    public Builder bindAddresses(List<String> v) {
      this.bindAddresses = v == null ? List.of() : List.copyOf(v);
      return this;
    }

    public Builder bindAddress(String v) {
      this.bindAddress = v;
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
      this.bindAddress = Nic.address(name);
      return this;
    }

    public Builder port(int v) {
      this.port = v;
      return this;
    }

    public Builder discoveryPort(int v) {
      this.discoveryPort = v;
      return this;
    }

    public Builder broadcastAddress(String v) {
      this.broadcastAddress = v;
      return this;
    }

    public Builder msaPeriod(Duration v) {
      this.msaPeriod = v;
      return this;
    }

    public Builder msaMinInterval(Duration v) {
      this.msaMinInterval = v;
      return this;
    }

    public Builder ackTimeout(Duration v) {
      this.ackTimeout = v;
      return this;
    }

    public Builder keepaliveInterval(Duration v) {
      this.keepaliveInterval = v;
      return this;
    }

    /** See {@link MeshConfig#adaptiveDetection()}: the floor (30 ms up to the keepalive timeout), zero for off. */
    public Builder adaptiveDetection(Duration v) {
      this.adaptiveDetection = v;
      return this;
    }

    public Builder keepaliveTimeout(Duration v) {
      this.keepaliveTimeout = v;
      return this;
    }

    public Builder handshakeTimeout(Duration v) {
      this.handshakeTimeout = v;
      return this;
    }

    public Builder beaconPeriod(Duration v) {
      this.beaconPeriod = v;
      return this;
    }

    public Builder beaconMaxPeriod(Duration v) {
      this.beaconMaxPeriod = v;
      return this;
    }

    /**
     * Bounds the accepted connections still in their handshake (key step and HELLO), in total and
     * per source address; one over either bound is closed at once. Default 128 and 32.
     */
    public Builder maxHandshakes(int total, int perAddress) {
      this.maxHandshakes = total;
      this.maxHandshakesPerAddress = perAddress;
      return this;
    }

    public Builder maxFrameSize(int v) {
      this.maxFrameSize = v;
      return this;
    }

    public Builder linkQueueFrames(int v) {
      this.linkQueueFrames = v;
      return this;
    }

    public Builder maxInFlight(int v) {
      this.maxInFlight = v;
      return this;
    }

    public Builder handlerThreads(int v) {
      this.handlerThreads = v;
      return this;
    }

    public Builder maxBodyDepth(int v) {
      this.maxBodyDepth = v;
      return this;
    }

    /** See {@link MeshConfig#ackRetention()}; null restores the default. */
    public Builder ackRetention(Duration v) {
      this.ackRetention = v;
      return this;
    }

    /** See {@link MeshConfig#busyLinkTimeout()}; null restores the default. */
    public Builder busyLinkTimeout(Duration v) {
      this.busyLinkTimeout = v;
      return this;
    }

    /**
     * Wraps the node's transport so that faults can be injected through {@link MeshNode#faults()}
     * (default off; with no fault set it costs one volatile read per frame).
     */
    public Builder faultInjection(boolean v) {
      this.faultInjection = v;
      return this;
    }

    /** Seed of the fault injector's RNG, so that a fault schedule replays (default 1). */
    public Builder faultSeed(long v) {
      this.faultSeed = v;
      return this;
    }

    /**
     * Namespace keys, 16-64 bytes each (32 random bytes recommended); the first is used for
     * sending, the others are accepted. Empty (the default) means no key.
     */
    public Builder keys(List<byte[]> v) {
      this.keys = v == null ? null : new ArrayList<>(v);
      return this;
    }

    /** One namespace key (see {@link #keys(List)}). */
    public Builder key(byte[] v) {
      return keys(java.util.Collections.singletonList(v));
    }

    /** A guest node (see {@link MeshConfig#guest()}); true also sets degree and discoveryPort to 0. */
    public Builder guest(boolean v) {
      this.guest = v;
      if (v) {
        this.degree = 0;
        this.discoveryPort = 0;
      }
      return this;
    }

    /** Strict mode (see {@link MeshConfig#strict()}; default off). */
    public Builder strict(boolean v) {
      this.strict = v;
      return this;
    }

    /** Replay window of sealed beacons (default 30 s; it must cover the clock skew between hosts). */
    public Builder beaconReplayWindow(Duration v) {
      this.beaconReplayWindow = v;
      return this;
    }

    /** See {@link MeshConfig#hangupHoldDown()} (default 60 s, zero turns it off). */
    public Builder hangupHoldDown(Duration v) {
      this.hangupHoldDown = v;
      return this;
    }

    /**
     * Candidates from a pluggable source (see {@link Discovery}), used beside broadcast beacons
     * when {@code discoveryPort} is set too; null (the default) leaves broadcast alone.
     */
    public Builder discovery(Discovery v) {
      this.discovery = v;
      return this;
    }

    /** See {@link MeshConfig#advertise()}; null (the default) advertises the bound address. */
    public Builder advertise(String v) {
      this.advertise = v;
      return this;
    }

    /**
     * Serves {@code folder} and downloads into it ({@code node.files()}), with the defaults of
     * {@link io.meshage.file.FileConfig}; null turns files off (the default).
     */
    public Builder files(java.nio.file.Path folder) {
      this.files = folder == null ? null : io.meshage.file.FileConfig.of(folder);
      return this;
    }

    /** Files over the mesh with {@code config}; null turns files off (the default). */
    public Builder files(io.meshage.file.FileConfig config) {
      this.files = config;
      return this;
    }

    /** Validates every field; throws IllegalArgumentException naming the first bad one. */
    public MeshConfig build() {
      ConfigChecks.validate(this);
      return new MeshConfig(this);
    }
  }
}
