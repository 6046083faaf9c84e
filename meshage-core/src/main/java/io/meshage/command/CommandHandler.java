package io.meshage.command;

import java.util.Map;

/**
 * Handles one command id: gets the request data and the sender's node name, returns the response
 * data (null means an empty map). A thrown exception reaches the caller of {@code sendRequest} as
 * a {@link io.meshage.RemoteHandlerException} carrying its message.
 * It runs on the node's handler threads, or on its event loop when registered {@link
 * io.meshage.HandlerMode#DIRECT} (then it must be short and never block).
 */
@FunctionalInterface
public interface CommandHandler {
  Map<String, ?> handle(Map<String, Object> request, String sender) throws Exception;
}
