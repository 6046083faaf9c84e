package io.meshage.internal.command;

import io.meshage.HandlerMode;
import io.meshage.command.CommandCounter;
import io.meshage.command.CommandHandler;
import io.meshage.command.MeshCommands;
import io.meshage.command.RequestData;
import io.meshage.command.RpcHandler;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Which handler serves which command and RPC id, where it runs ({@link HandlerMode}), and running
 * one into an {@link Outcome}. Threads: callers register and remove (any thread); the loop looks
 * up modes; handler threads (and the loop, for direct handlers) look up and run. The maps are
 * concurrent, so no other coordination is needed.
 */
public final class CommandRegistry {
  private static final Logger LOG = LogManager.getLogger(CommandRegistry.class);

  /** The highest id of meshage's own commands; applications use ids above it. */
  public static final int RESERVED_MAX = MeshCommands.RESERVED_MAX;

  /** The highest command or RPC id. */
  public static final int MAX_ID = MeshCommands.MAX_ID;

  private final CommandContext ctx;
  private final Map<Integer, CommandHandler> commands = new ConcurrentHashMap<>();
  private final Map<Integer, RpcHandler> rpcs = new ConcurrentHashMap<>();
  /** Ids of commands and RPCs registered {@link HandlerMode#DIRECT}. */
  private final Map<Integer, HandlerMode> commandModes = new ConcurrentHashMap<>();
  private final Map<Integer, HandlerMode> rpcModes = new ConcurrentHashMap<>();
  /** Reserved RPCs whose answers travel as bulk frames (file parts), without retention. */
  private final Set<Integer> bulkRpcs = ConcurrentHashMap.newKeySet();

  CommandRegistry(CommandContext ctx) {
    this.ctx = ctx;
  }

  /** What running a handler produced: a status of {@link Envelope}, an error text, a payload. */
  record Outcome(byte status, String error, byte[] payload) {}

  // ---------------------------------------------------------------- registration (any thread)

  public void handleCommand(int command, CommandHandler handler) {
    handleCommand(command, handler, HandlerMode.POOLED);
  }

  public void handleCommand(int command, CommandHandler handler, HandlerMode mode) {
    checkApplicationId(command, "command");
    Objects.requireNonNull(mode, "mode");
    register(commands, command, handler, "command");
    commandModes.put(command, mode);
  }

  public void handleReservedCommand(int command, CommandHandler handler) {
    if (command < 0 || command > RESERVED_MAX) {
      throw new IllegalArgumentException(
          "reserved command ids are 0-" + RESERVED_MAX + ", got " + command);
    }
    register(commands, command, handler, "command");
  }

  /**
   * Registers a reserved RPC whose answers go on the bulk channel ({@code Frame.BULK}): links send
   * them after every other frame, and they are not retained for a resend after a topology change
   * (the caller asks again, elsewhere if need be).
   */
  public void handleReservedBulkRpc(int rpc, RpcHandler handler) {
    if (rpc < 0 || rpc > RESERVED_MAX) {
      throw new IllegalArgumentException("reserved RPC ids are 0-" + RESERVED_MAX + ", got " + rpc);
    }
    register(rpcs, rpc, handler, "RPC");
    bulkRpcs.add(rpc);
  }

  /** Whether the answers of {@code rpc} go on the bulk channel. */
  boolean isBulkRpc(int rpc) {
    return bulkRpcs.contains(rpc);
  }

  public void handleRpc(int rpc, RpcHandler handler) {
    handleRpc(rpc, handler, HandlerMode.POOLED);
  }

  public void handleRpc(int rpc, RpcHandler handler, HandlerMode mode) {
    checkApplicationId(rpc, "RPC");
    Objects.requireNonNull(mode, "mode");
    register(rpcs, rpc, handler, "RPC");
    rpcModes.put(rpc, mode);
  }

  public boolean removeCommand(int command) {
    commandModes.remove(command);
    return commands.remove(command) != null;
  }

  public boolean removeRpc(int rpc) {
    rpcModes.remove(rpc);
    return rpcs.remove(rpc) != null;
  }

  /** Where the handler of command {@code command} runs (POOLED when it has none). */
  HandlerMode commandMode(int command) {
    return commandModes.getOrDefault(command, HandlerMode.POOLED);
  }

  /** Where the handler of RPC {@code rpc} runs (POOLED when it has none). */
  HandlerMode rpcMode(int rpc) {
    return rpcModes.getOrDefault(rpc, HandlerMode.POOLED);
  }

  public boolean isHandled(int command) {
    return commands.containsKey(command);
  }

  private static <H> void register(Map<Integer, H> map, int id, H handler, String what) {
    Objects.requireNonNull(handler, "handler");
    if (map.putIfAbsent(id, handler) != null) {
      throw new IllegalStateException(what + " " + id + " already has a handler");
    }
  }

  private static void checkApplicationId(int id, String what) {
    if (id >= 0 && id <= RESERVED_MAX) {
      throw new IllegalArgumentException(
          what + " id " + id + " is reserved (0-" + RESERVED_MAX + " belong to meshage); use "
              + (RESERVED_MAX + 1) + "-" + MAX_ID);
    }
    checkId(id, what);
  }

  /** Refuses ids outside 0 to {@link #MAX_ID}. */
  static void checkId(int id, String what) {
    if (id < 0 || id > MAX_ID) {
      throw new IllegalArgumentException(what + " id must be in 0-" + MAX_ID + ", got " + id);
    }
  }

  // ---------------------------------------------------------------- running (handler threads; the loop for direct handlers)

  Outcome runCommand(int command, byte[] payload, String sender) {
    CommandHandler h = commands.get(command);
    if (h == null) {
      return noHandler("command", command);
    }
    ctx.count(CommandCounter.HANDLED);
    try {
      Map<String, ?> response = h.handle(RequestData.decode(payload), sender);
      return ok(RequestData.encode(response == null ? Map.of() : response));
    } catch (Exception e) {
      return handlerError("command", command, sender, e);
    }
  }

  Outcome runRpc(int rpc, byte[] payload, String sender) {
    RpcHandler h = rpcs.get(rpc);
    if (h == null) {
      return noHandler("RPC", rpc);
    }
    ctx.count(CommandCounter.HANDLED);
    try {
      byte[] reply = h.handle(payload, sender);
      return ok(reply == null ? new byte[0] : reply);
    } catch (Exception e) {
      return handlerError("RPC", rpc, sender, e);
    }
  }

  private static Outcome ok(byte[] payload) {
    return new Outcome(Envelope.OK, "", payload);
  }

  private Outcome noHandler(String what, int id) {
    ctx.count(CommandCounter.NO_HANDLER);
    return new Outcome(
        Envelope.NO_HANDLER, "node " + ctx.self + " has no handler for " + what + " " + id, new byte[0]);
  }

  private Outcome handlerError(String what, int id, String sender, Exception e) {
    ctx.count(CommandCounter.HANDLER_ERRORS);
    LOG.debug("[{}] handler of {} {} failed for {}", ctx.self, what, id, sender, e);
    String reason = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    return new Outcome(
        Envelope.HANDLER_ERROR, what + " " + id + " on " + ctx.self + " failed: " + reason, new byte[0]);
  }
}
