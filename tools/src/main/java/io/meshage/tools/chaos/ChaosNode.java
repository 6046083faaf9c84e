package io.meshage.tools.chaos;

import io.meshage.Delivery;
import io.meshage.Failure;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One node of {@link VerdictChaos}, in a process of its own so that it can be killed and stopped
 * for real: a node on 127.0.0.1 (ephemeral port, discovery by broadcast on 127.255.255.255 and the
 * port given), degree 3, with fault injection on for the loss and the cut links the driver asks
 * for. Arguments: {@code NAME DISCOVERY_PORT LOSS SEED [ADAPTIVE_MS]} (the adaptive detector's
 * floor; 0: the fixed timers; negative or none: the default). Reads commands on standard input, one per
 * line, and prints what happened on standard output:
 *
 * <ul>
 *   <li>{@code send ID T1,T2,...}: {@code setAsync} of the body {@code ID}; prints {@code V ID
 *       TARGET VERDICT} per recipient (DELIVERED or the failure's name) when the verdict comes;
 *   <li>{@code block PEER} / {@code unblock PEER}: cut or restore this side of a link;
 *   <li>{@code quit}: closes the node.
 * </ul>
 *
 * Prints {@code R ID} for each message that reaches this node's handler, {@code S SIZE} when its
 * view of the mesh changes size, {@code L PEER REASON} when a link goes down, and {@code up} once
 * it listens.
 */
public final class ChaosNode {
  private ChaosNode() {}

  public static void main(String[] args) throws Exception {
    String name = args[0];
    int discoveryPort = Integer.parseInt(args[1]);
    double loss = Double.parseDouble(args[2]);
    long seed = Long.parseLong(args[3]);
    long adaptive = args.length > 4 ? Long.parseLong(args[4]) : -1;
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    MeshConfig config = MeshConfig.builder(name)
        .namespace("verdict-chaos")
        .bindAddress("127.0.0.1")
        .port(0)
        .broadcastAddress("127.255.255.255")
        .discoveryPort(discoveryPort)
        .degree(3)
        .faultInjection(true)
        .faultSeed(seed)
        .adaptiveDetection(adaptive < 0 ? null : java.time.Duration.ofMillis(adaptive))
        .build();
    try (MeshNode node = MeshNode.start(config)) {
      node.faults().loss(loss);
      node.onMessage(m -> out.println("R " + m.body()));
      node.onTopologyChange(view -> out.println("S " + view.size()));
      node.onMembership(e -> {
        if (e.type() == io.meshage.MembershipEvent.Type.LINK_DOWN) {
          out.println("L " + e.node() + " " + e.reason().replace(' ', '_'));
        }
      });
      out.println("S " + node.mesh().size()); // a change before the listener registered is not told again
      out.println("up");
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
        String[] w = line.split(" ");
        switch (w[0]) {
          case "send" -> send(node, out, w[1], Arrays.asList(w[2].split(",")));
          case "block" -> node.faults().block(List.of(w[1]));
          case "unblock" -> node.faults().unblock(List.of(w[1]));
          default -> out.println("E unknown command " + w[0]);
        }
      }
    }
  }

  private static void send(MeshNode node, PrintStream out, String id, List<String> targets) {
    node.setAsync(targets, id).whenComplete((d, failure) -> {
      if (failure != null) {
        out.println("F " + id + " " + failure.getClass().getSimpleName());
        return;
      }
      StringBuilder sb = new StringBuilder();
      for (String t : d.delivered()) {
        sb.append("V ").append(id).append(' ').append(t).append(" DELIVERED\n");
      }
      for (Map.Entry<String, Failure> e : d.failed().entrySet()) {
        sb.append("V ").append(id).append(' ').append(e.getKey()).append(' ').append(e.getValue()).append('\n');
      }
      out.print(sb);
    });
  }
}
