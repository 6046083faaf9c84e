package io.meshage.examples;

import io.meshage.Delivery;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** "Embed a node in a Java program": a node, a set, a broadcast, tags and membership events. */
public final class EmbedExample {
  private EmbedExample() {}

  /**
   * Starts {@code n1} on loopback in namespace {@code lab}, discovering on {@code discoveryPort}
   * (the README shows 9000), sends to {@code n3} and {@code n4}, and closes it.
   *
   * @return the verdict of the set
   */
  public static Delivery run(int discoveryPort) throws IOException {
    byte[] bytes = "to everybody".getBytes(StandardCharsets.UTF_8);
    // README:begin embed
    MeshNode node = MeshNode.start(MeshConfig.builder("n1")
        .namespace("lab").degree(3)
        .bindAddress("127.0.0.1").discoveryPort(discoveryPort)
        .broadcastAddress("127.255.255.255")              // the default 255.255.255.255 leaves the machine
        .build());                                        // a bad value names its field
    node.onMessage(m -> System.out.println(m.source() + " via " + m.route() + ": " + m.body()));
    Delivery d = node.set(List.of("n3", "n4"), "hello");  // blocks until every ACK or the ACK timeout
    d.delivered();                                        // [n3, n4], or
    d.failed();                                           // {n4=UNREACHABLE}: UNREACHABLE, UNCONFIRMED, TIMEOUT, REJECTED
    node.broadcastAsync(bytes)                            // every reachable node; never blocks
        .thenAccept(b -> System.out.println("broadcast reached " + b.delivered()));
    node.mesh(); node.dot(); node.stats();                // topology, graphviz text, counters
    node.setTag("role", "web"); node.tagsOf("n3");        // tags, carried in MSAs
    node.onMembership(e -> System.out.println(e.type() + " " + e.node() + " " + e.reason()));
        // JOINED, LEFT (said BYE), FAILED (vanished), RESTARTED (new instance), UPDATED (tags,
        // status, values), LINK_UP / LINK_DOWN of this node's own links; in order, off the loop
    node.close();                                         // BYE to the neighbours, frees ports and threads
    // README:end
    return d;
  }
}
