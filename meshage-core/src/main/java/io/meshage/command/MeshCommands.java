package io.meshage.command;

import io.meshage.HandlerMode;
import io.meshage.MeshTimeoutException;
import io.meshage.RemoteHandlerException;
import io.meshage.UnreachableException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;


/**
 * Diarkis-style server-to-server commands on the mesh: register handlers by command id, send
 * requests that return a response map, reliable ({@link #send}) and unreliable ({@link #usend})
 * one-way commands, tree fan-out to many nodes ({@link #sendMany}), and byte[] RPCs ({@link
 * #sendRpc}). Get it from {@code node.commands()}; thread-safe.
 *
 * <p><b>Ids.</b> Command and RPC ids are 0 to {@value #MAX_ID} (Diarkis' uint16); commands and RPCs
 * have separate id spaces. Ids 0 to {@value #RESERVED_MAX} belong to meshage itself: {@link
 * #handleCommand} and {@link #handleRpc} refuse them with IllegalArgumentException; meshage's own
 * layers register theirs inside the module; the one a program may serve is {@link
 * #SHELL_COMMAND}, the CLI's {@code mesh send} ({@link #handleShellCommand}). Registering an id twice throws IllegalStateException.
 *
 * <p><b>Data.</b> Request and response maps follow {@link RequestData}: anything it cannot encode
 * throws IllegalArgumentException from the calling method, before anything is sent.
 *
 * <p><b>Failures.</b> Every future completes, at the latest when its timeout passes (default: the
 * node's {@code ackTimeout}). It fails with {@link RemoteHandlerException} when the remote handler
 * threw (its message included), {@link NoSuchCommandException} when the remote node has no handler
 * for the id, {@link UnreachableException} when the target is not in the mesh, has no route, or
 * leaves the reachable mesh while the call is pending (the request's end-to-end ACK reports it, and
 * topology changes are watched, so this comes before the timeout), {@link MeshTimeoutException}
 * when no answer came in time, and {@link PartialFailureException} when a fan-out was not handled
 * by every node. Futures complete off the node's event loop.
 *
 * <p><b>Fan-out.</b> {@code sendMany(cmd, nodes, data, limit)} sends to at most {@code limit}
 * nodes; each of them handles the command and hands the rest of its share on to at most {@code
 * limit} others (the relay tree travels in the message), so {@code n} nodes are reached in about
 * {@code log_limit(n)} relay steps. Each node reports its verdict straight to the origin; a relay
 * whose child cannot be reached reports that child as failed and hands the child's share on
 * itself. A node listed twice or reached twice handles the message once.
 *
 * <p><b>Threads.</b> Every method runs on the caller's thread and returns without waiting: it
 * checks its arguments and encodes there, a request or RPC goes from there straight onto the link,
 * and reliable sends and fan-outs are handed to the node's event loop. Handlers run on the node's
 * handler threads, unless registered {@link HandlerMode#DIRECT} ({@link #handleCommand(int,
 * CommandHandler, HandlerMode)}, {@link #handleRpc(int, RpcHandler, HandlerMode)}): then requests,
 * RPCs and one-way commands from other nodes run them on the event loop that decoded them, which
 * saves a thread hand-off per call; such a handler must be short and never block, and one that
 * runs longer than {@link HandlerMode#DIRECT_WARN_MILLIS} ms is logged once and counted ({@link
 * CommandCounter#SLOW_DIRECT_HANDLERS}). An answer completes its future on the node's event loop (which
 * also reads the links on real sockets), where no user code runs: callbacks attached to the future run on the
 * handler threads. The implementation lives in {@code io.meshage.internal.command}, whose package
 * comment says which thread owns which state.
 */
public interface MeshCommands {
  /** The highest id of meshage's own commands; applications use ids above it. */
  int RESERVED_MAX = 10_000;

  /** The highest command or RPC id. */
  int MAX_ID = 65_535;

  /** The reserved command the CLI's {@code mesh send} runs on other nodes. */
  int SHELL_COMMAND = 100;

  /** This layer's counters. */
  CommandStats stats();

  // ---------------------------------------------------------------- registration

  /**
   * Registers the handler of command {@code command} (above {@value #RESERVED_MAX}).
   *
   * @throws IllegalArgumentException for a reserved or out-of-range id
   * @throws IllegalStateException when the id already has a handler
   */
  void handleCommand(int command, CommandHandler handler);

  /**
   * Registers the handler of command {@code command} (above {@value #RESERVED_MAX}) to run where
   * {@code mode} says: {@link HandlerMode#POOLED} on the handler threads (as {@link
   * #handleCommand(int, CommandHandler)}), {@link HandlerMode#DIRECT} on the event loop that
   * decoded the request (a short handler that never blocks; see {@link HandlerMode}).
   *
   * @throws IllegalArgumentException for a reserved or out-of-range id
   * @throws IllegalStateException when the id already has a handler
   */
  void handleCommand(int command, CommandHandler handler, HandlerMode mode);

  /**
   * Registers the handler of {@link #SHELL_COMMAND}, the reserved command the CLI's {@code mesh
   * send} runs on other nodes (the CLI's shell registers it; an embedding program may register
   * its own). Applications use {@link #handleCommand}.
   *
   * @throws IllegalStateException when the shell command already has a handler
   */
  void handleShellCommand(CommandHandler handler);

  /**
   * Registers the handler of RPC {@code rpc} (above {@value #RESERVED_MAX}).
   *
   * @throws IllegalArgumentException for a reserved or out-of-range id
   * @throws IllegalStateException when the id already has a handler
   */
  void handleRpc(int rpc, RpcHandler handler);

  /**
   * Registers the handler of RPC {@code rpc} (above {@value #RESERVED_MAX}) to run where {@code
   * mode} says; see {@link #handleCommand(int, CommandHandler, HandlerMode)}.
   *
   * @throws IllegalArgumentException for a reserved or out-of-range id
   * @throws IllegalStateException when the id already has a handler
   */
  void handleRpc(int rpc, RpcHandler handler, HandlerMode mode);

  /** Removes the handler of {@code command}; false when there was none. */
  boolean removeCommand(int command);

  /** Removes the handler of {@code rpc}; false when there was none. */
  boolean removeRpc(int rpc);

  /** Whether {@code command} has a handler on this node (Diarkis' IsCommandDuplicate). */
  boolean isHandled(int command);

  // ---------------------------------------------------------------- requests

  /** Sends a request and completes with the response map; times out after the ACK timeout. */
  CompletableFuture<Map<String, Object>> sendRequest(
      int command, String node, Map<String, ?> data);

  /**
   * Sends a request to {@code node}'s handler of {@code command} and completes with its response.
   *
   * @throws IllegalArgumentException for a bad id, node name, timeout, or data that cannot be sent
   */
  CompletableFuture<Map<String, Object>> sendRequest(
      int command, String node, Map<String, ?> data, Duration timeout);

  /** Sends an RPC and completes with the reply bytes; times out after the ACK timeout. */
  CompletableFuture<byte[]> sendRpc(int rpc, String node, byte[] payload);

  /**
   * Calls {@code node}'s handler of {@code rpc} with {@code payload} and completes with its reply.
   *
   * @throws IllegalArgumentException for a bad id, node name, timeout, or a payload too large
   */
  CompletableFuture<byte[]> sendRpc(int rpc, String node, byte[] payload, Duration timeout);

  // ---------------------------------------------------------------- one-way

  /**
   * Sends a one-way command reliably: completes when {@code node} ACKs it end to end (the handler
   * runs after that; its errors stay on the remote node).
   */
  CompletableFuture<Void> send(int command, String node, Map<String, ?> data);

  /** Sends a one-way command without ACK or retry (best effort, counted in {@link #stats()}). */
  void usend(int command, String node, Map<String, ?> data);

  // ---------------------------------------------------------------- fan-out

  /** {@link #sendMany(int, Collection, Map, int, Duration)} with the ACK timeout. */
  CompletableFuture<Void> sendMany(
      int command, Collection<String> nodes, Map<String, ?> data, int limit);

  /**
   * Runs {@code command} on every node of {@code nodes} through a relay tree in which each node
   * sends to at most {@code limit} others (see the class comment). Completes when every node has
   * handled it; fails with {@link PartialFailureException} naming the nodes that did not (their
   * handler threw, they have no handler, they could not be reached, or did not report within
   * {@code timeout}). This node handles it too when it is listed.
   */
  CompletableFuture<Void> sendMany(
      int command, Collection<String> nodes, Map<String, ?> data, int limit, Duration timeout);

  /** Like {@link #sendMany} without ACKs, reports or retries: best effort, counted. */
  void usendMany(int command, Collection<String> nodes, Map<String, ?> data, int limit);

  // ---------------------------------------------------------------- lifecycle
}
