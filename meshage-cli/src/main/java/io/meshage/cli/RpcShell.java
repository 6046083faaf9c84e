package io.meshage.cli;

import io.meshage.MeshNode;
import io.meshage.rpc.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The shell's {@code rpc} commands over {@code node.rpc()}: list the procedures this node serves,
 * and call one with a text argument on chosen nodes or all, one line per target.
 */
final class RpcShell {
  static final List<String> HELP =
      List.of(
          "rpc methods                  the RPC procedures this node serves",
          "rpc call <all|n1,n2> METHOD [TEXT]   call METHOD(TEXT) on those nodes: \"n2: OK value\"");

  private final MeshNode node;
  private final Duration timeout;

  RpcShell(MeshNode node, Duration timeout) {
    this.node = node;
    this.timeout = timeout;
  }

  /** Serves {@link NodeService} as {@code Node.*} on {@code node}, once. */
  static void serveBuiltIns(MeshNode node) {
    if (!node.rpc().methods().contains("Node.info")) {
      node.rpc().register("Node", new NodeService(node));
    }
  }

  /** Runs the words after {@code rpc}. */
  Reply execute(String args) {
    String[] w = args.isBlank() ? new String[0] : args.strip().split("\\s+", 4);
    if (w.length == 1 && w[0].equals("methods")) {
      return Reply.of(new ArrayList<>(node.rpc().methods()));
    }
    if (w.length >= 3 && w[0].equals("call")) {
      List<String> targets = w[1].equals("all") ? List.of() : Arrays.asList(w[1].split(","));
      String text = w.length == 4 ? w[3] : null;
      List<String> out = new ArrayList<>();
      for (Response<Object> r : node.rpc().call(targets, w[2], text, Object.class, timeout)) {
        out.add(r.isOk()
            ? r.from() + ": OK " + r.value()
            : r.from() + ": " + r.status() + (r.errorClass() == null || r.errorClass().isEmpty() ? "" : " " + r.errorClass())
                + " " + r.error());
      }
      return Reply.of(out);
    }
    return Reply.error("usage: rpc methods | rpc call <all|n1,n2> METHOD [TEXT]");
  }

  /** The procedures every shell node serves: {@code Node.info} says who it is and whom it sees. */
  public static final class NodeService {
    private final MeshNode node;

    NodeService(MeshNode node) {
      this.node = node;
    }

    /** One line: name, degree, neighbours and mesh size (the argument is ignored). */
    public String info(String ignored) {
      return "name=" + node.name() + " degree=" + node.degree() + " neighbours="
          + String.join(",", new TreeSet<>(node.neighbors())) + " mesh=" + node.mesh().size();
    }
  }
}
