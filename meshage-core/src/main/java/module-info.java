/**
 * The meshage node. Exported: the node API ({@code io.meshage}), the command layer
 * ({@code io.meshage.command}), RPC ({@code io.meshage.rpc}), groups ({@code io.meshage.group}),
 * files ({@code io.meshage.file}) and the simulator ({@code io.meshage.sim}): interfaces and value
 * types only. Everything under {@code io.meshage.internal}, the implementations of those
 * interfaces included, stays inside the module.
 */
module io.meshage.core {
  requires io.meshage.routing;
  requires com.esotericsoftware.kryo;
  requires org.apache.logging.log4j;
  requires com.google.common;

  exports io.meshage;
  exports io.meshage.command;
  exports io.meshage.rpc;
  exports io.meshage.group;
  exports io.meshage.file;
  exports io.meshage.sim;
}
