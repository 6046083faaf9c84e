package io.meshage.command;

/**
 * Handles one RPC id: gets the raw payload (for example a packed {@link TransportData}) and the
 * sender's node name, returns the reply bytes (null means empty). A thrown exception reaches the
 * caller of {@code sendRpc} as a {@link io.meshage.RemoteHandlerException} carrying its message.
 * It runs on the node's handler threads, or on its event loop when registered {@link
 * io.meshage.HandlerMode#DIRECT} (then it must be short and never block).
 */
@FunctionalInterface
public interface RpcHandler {
  byte[] handle(byte[] payload, String sender) throws Exception;
}
