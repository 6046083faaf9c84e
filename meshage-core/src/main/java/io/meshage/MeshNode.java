package io.meshage;

import io.meshage.command.ClusterInfo;
import io.meshage.command.MeshCommands;
import io.meshage.group.GroupConfig;
import io.meshage.group.Groups;
import io.meshage.group.Notifications;
import io.meshage.internal.check.HostPorts;
import io.meshage.internal.facade.LocalNode;
import io.meshage.rpc.BilateralRpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A mesh node: finds peers, keeps the whole topology, and delivers messages on shortest paths
 * with an end-to-end ACK per recipient. Start one with {@link #start(MeshConfig)}; it is
 * thread-safe, every blocking call has a bounded wait and every future always completes.
 *
 * <p>This interface is the node's public face; its one implementation is built by the node
 * factories (the TCP factory behind {@link #start(MeshConfig)}, and the simulator) and lives in a
 * package the module does not export.
 */
public interface MeshNode extends AutoCloseable {

  /**
   * Starts a node on real sockets. With discovery on, it then waits two beacon periods (200 ms by
   * default) for another live instance of its name to answer its first beacon.
   *
   * @throws NameConflictException when another live instance of this name in the namespace
   *     refused it (that instance keeps the name; see the README, "One node per name")
   * @throws IOException when it cannot bind its ports
   */
  static MeshNode start(MeshConfig config) throws IOException {
    return LocalNode.start(config);
  }

  // ------------------------------------------------------------------ identity and settings

  String name();

  String namespace();

  /** The random per-start instance id announced in this node's MSAs. */
  long instance();

  /**
   * Why this node stopped, when another live instance of its name kept the name (the node
   * closes itself then, with an ERROR log line); empty otherwise.
   */
  java.util.Optional<NameConflictException> conflict();

  /** The TCP address actually bound. */
  InetSocketAddress listenAddress();

  /** Every TCP address bound: {@link #listenAddress()} first, then those of {@link MeshConfig#bindAddresses()}. */
  List<InetSocketAddress> listenAddresses();

  MeshConfig config();

  int degree();

  /**
   * Sets the degree: up starts seeking neighbours; down sheds automatic links (never ones dialed
   * by hand) one at a time, each on a cycle of the part, so the part stays connected.
   */
  void setDegree(int degree);

  Duration msaPeriod();

  void setMsaPeriod(Duration period);

  // ------------------------------------------------------------------ topology

  /**
   * Connects to {@code hostPort} regardless of degree and namespace. Blocks until the handshake
   * completes (bounded by the handshake timeout); returns the neighbour's name.
   *
   * @throws NameConflictException when another live instance holds this node's name (the peer
   *     refused it so, and this node, having no link, stopped)
   * @throws IOException when the address cannot be reached or the peer refuses
   */
  String dial(String hostPort) throws IOException;

  /** Dials without blocking; completes with the neighbour's name. */
  CompletableFuture<String> dialAsync(InetSocketAddress address);

  /**
   * Dials {@code hostPort} ({@code host:port}, an IPv6 host in brackets) now and keeps it dialed:
   * failed tries are repeated with a capped, jittered backoff (0.25 s doubling to 5 s, half of it
   * random), and the link is dialed again when it drops, until {@link #hangup} of its peer or
   * {@link #undial}; a peer's own hangup stops it too. The result completes with the first try:
   * the peer's name, or its failure (the dial goes on).
   *
   * @throws IllegalArgumentException when {@code hostPort} is not host:port
   */
  CompletableFuture<String> keepDialing(String hostPort);

  /** Stops keeping {@code addressOrPeer} dialed (an address as {@link #dials} lists it, or a peer's name); the link stays. */
  boolean undial(String addressOrPeer);

  /** The dials that persist, by address. */
  List<DialStatus> dials();

  /**
   * Parses {@code host:port} (an IPv6 host in brackets, {@code [::1]:40123}) without looking the
   * host up: the result is unresolved.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static InetSocketAddress parseAddress(String hostPort) {
    return HostPorts.parse(hostPort);
  }

  /**
   * Drops the link to neighbour {@code peer}; it is not linked again automatically for {@link
   * MeshConfig#hangupHoldDown()} (unless this node has no link at all). False when there is none.
   */
  boolean hangup(String peer);

  /** The neighbours connected now. */
  Set<String> neighbors();

  /** The whole known topology reachable from here (two-way edges), including this node. */
  Map<String, Set<String>> mesh();

  /** Every other reachable node. */
  Set<String> broadcastRecipients();

  /** Graphviz text of the topology, this node highlighted. */
  String dot();

  /** Called with the new topology whenever it changes (off the event loop). */
  Subscription onTopologyChange(Consumer<Map<String, Set<String>>> listener);

  /**
   * Typed membership events (joined, left, failed, restarted, updated, own links up and down), to
   * {@code listener} on the handler threads in the order they happened, never on the event loop.
   * The first events are the changes after this call returns.
   */
  Subscription onMembership(Consumer<MembershipEvent> listener);

  /** This node's tags ({@code role=web}), announced in its MSAs. */
  Map<String, String> tags();

  /** The tags node {@code node} announced last (this node's own for its name), empty when unknown. */
  Map<String, String> tagsOf(String node);

  /**
   * Sets tag {@code key} to {@code value} ({@code null} removes it) and announces it at once.
   *
   * @throws IllegalArgumentException for a key or value outside the tag rules (their length and
   *     characters), saying what is allowed
   */
  void setTag(String key, String value);

  // ------------------------------------------------------------------ messaging

  /**
   * Sends {@code body} to {@code recipients} and blocks until every recipient ACKed or the ACK
   * timeout passed. When {@code maxInFlight} messages already await ACKs, waits for room (bounded
   * by the ACK timeout, then fails with {@link MeshTimeoutException}).
   */
  Delivery set(List<String> recipients, Object body);

  /**
   * Sends without blocking. The future completes with the per-recipient verdict; it fails at
   * once with a {@link MeshException} when {@code maxInFlight} messages already await ACKs
   * (backpressure: retry later or use {@link #set}).
   */
  CompletableFuture<Delivery> setAsync(List<String> recipients, Object body);

  /** Sends to every reachable node and blocks for the verdict (see {@link #set}). */
  Delivery broadcast(Object body);

  /** Broadcasts without blocking (see {@link #setAsync} for backpressure). */
  CompletableFuture<Delivery> broadcastAsync(Object body);

  /**
   * Sends a prepared message (meshage's {@code Send(*Message)}): {@link Message#to} or a received
   * message to its recipients, {@link Message#toAll} or a received broadcast to every reachable
   * node; only its recipients and body are used. Without blocking, as {@link #setAsync}.
   */
  CompletableFuture<Delivery> send(Message message);

  /**
   * Announces this node's state now (meshage's {@code MSA()}): an MSA goes out as soon as the MSA
   * rate limit ({@link MeshConfig#msaMinInterval()}) allows, without waiting for the period.
   */
  void announceNow();

  /** Receives every message addressed to this node, at most once each, off the event loop. */
  Subscription onMessage(Consumer<Message> handler);

  /** Sees every message passing through this node, also those in transit. */
  Subscription snoop(Consumer<Message> handler);

  /** Registers a body class for Kryo; every node must register the same classes in the same order. */
  void registerType(Class<?> type);

  /** Registers a body class with an explicit Kryo id (use ids of SafeSerializers.FIRST_USER_ID (36) and above). */
  void registerType(Class<?> type, int id);

  /**
   * The fault injector of this node, for failure experiments on real sockets.
   *
   * @throws IllegalStateException when the node was built without
   *     {@link MeshConfig.Builder#faultInjection(boolean) faultInjection(true)}
   */
  FaultInjector faults();

  /** The namespace keys, for rotation (see {@link NamespaceKeys}). */
  NamespaceKeys keys();

  /** Sends awaiting their verdict now ({@code set} and {@code broadcast}; at most {@code maxInFlight}). */
  int inFlight();

  /** Calls {@code listener} on every verdict of {@code set} and {@code broadcast}; see {@link VerdictListener}. */
  Subscription onVerdict(VerdictListener listener);

  /** The node's counters. */
  MeshStats stats();

  // ------------------------------------------------------------------ layers on top

  /**
   * The Diarkis-style command layer of this node. It is attached when the node starts, so that a
   * node answers "no handler" to commands even before its owner touches it.
   */
  MeshCommands commands();

  /** Node types, metadata values, status and shared data of the cluster (created on first use). */
  ClusterInfo cluster();

  /**
   * The bilateral multicast RPC layer of this node: register objects, call their methods on many
   * nodes. Attached when the node starts, so that it answers NO_SUCH_METHOD from the beginning.
   */
  BilateralRpc rpc();

  /** Diarkis-style groups of members over the mesh, with the default {@link GroupConfig}. */
  Groups groups();

  /**
   * The group layer, attached with {@code config} on first use (null: the defaults).
   *
   * @throws IllegalStateException when it is already attached with another config
   */
  Groups groups(GroupConfig config);

  /**
   * Files over the mesh (list, get, status, delete), when the node was given a folder to serve.
   *
   * @throws IllegalStateException when it was not ({@link MeshConfig.Builder#files})
   */
  io.meshage.file.MeshFiles files();

  /**
   * Periodic notifications to every node (Diarkis' notification service). Attached when the node
   * starts, so that it receives notifications before its owner touches it.
   */
  Notifications notifications();

  // ------------------------------------------------------------------ lifecycle

  /**
   * Marks this node OFFLINE, sends that MSA to every neighbour ahead of the BYEs (links keep their
   * order and a neighbour floods a new MSA before it reads the next frame, so the whole mesh learns
   * it), then says BYE to every neighbour and frees the ports and threads; idempotent. The CLI's
   * SIGTERM hook calls it.
   */
  void close();
}
