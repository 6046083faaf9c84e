package io.meshage.tools.flood;

import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import java.io.IOException;
import java.util.Base64;
import java.util.List;

/**
 * The node under attack, in a JVM of its own (so its heap, RSS and threads are its own): a keyed
 * node on 127.0.0.1 with an ephemeral port and no discovery, whose key comes in the environment
 * variable {@code MESHAGE_FLOOD_KEY} (base64). Prints {@code listening PORT}, then runs until its
 * standard input closes. Default settings otherwise, so the flood meets the defaults.
 */
public final class FloodTarget {
  private FloodTarget() {}

  /** Bytes allocated by each thread that allocated more than 1 MB, for the rig's echo. */
  private static void printAllocation() {
    com.sun.management.ThreadMXBean t =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    for (java.lang.management.ThreadInfo info : t.getThreadInfo(t.getAllThreadIds())) {
      if (info != null) {
        long bytes = t.getThreadAllocatedBytes(info.getThreadId());
        if (bytes > 1 << 20) {
          System.out.println("allocated " + (bytes >> 20) + " MB by " + info.getThreadName());
        }
      }
    }
    System.out.flush();
  }

  public static void main(String[] args) throws IOException {
    String key = System.getenv("MESHAGE_FLOOD_KEY");
    if (key == null || key.isBlank()) {
      System.err.println("flood-target: MESHAGE_FLOOD_KEY is not set");
      System.exit(2);
    }
    MeshConfig config = MeshConfig.builder("flood-target")
        .bindAddress("127.0.0.1")
        .port(0)
        .broadcastAddress("127.255.255.255")
        .discoveryPort(0)
        .degree(8)
        .keys(List.of(Base64.getDecoder().decode(key.strip())))
        .build();
    try (MeshNode node = MeshNode.start(config)) {
      System.out.println("listening " + node.listenAddress().getPort());
      System.out.flush();
      while (System.in.read() >= 0) {
        // runs until the rig closes our standard input
      }
      printAllocation();
    }
  }
}
