/** Pure mesh logic without threads, I/O or a clock: lollipop numbers, the MSA store, topology, routes, DOT. */
module io.meshage.routing {
  requires transitive org.jgrapht.core;
  requires org.jgrapht.io;
  requires com.google.common;

  exports io.meshage.routing;
}
