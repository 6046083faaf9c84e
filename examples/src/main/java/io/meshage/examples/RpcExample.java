package io.meshage.examples;

import io.meshage.Delivery;
import io.meshage.MeshNode;
import io.meshage.rpc.Response;
import io.meshage.rpc.ResponseMode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** "Bilateral multicast RPC": every node serves {@link Arith}; one node calls it everywhere. */
public final class RpcExample {
  private RpcExample() {}

  /** Registers {@link Arith} on {@code node} (every node does, callers too). */
  public static void serve(MeshNode node) {
    // README:begin rpc
    node.rpc().register(new Arith());                     // on every node, callers too: it also
                                                          // registers Args and Reply with the body codec
    // README:end
  }

  /** Calls {@code Arith.sumDiff} on every other node, then once more in the async forms. */
  public static List<Response<Reply>> run(MeshNode node, List<String> to) throws Exception {
    Args args = new Args(1, 2);
    Duration timeout = Duration.ofSeconds(2);
    // README:begin rpc
    List<Response<Reply>> rs = node.rpc().call(List.of(), "Arith.sumDiff", new Args(100, 250),
        Reply.class, Duration.ofSeconds(2));              // empty list = every other reachable node
    for (Response<Reply> r : rs) {                        // one per target, in target order
      System.out.println(r.isOk() ? r.from() + " = " + r.value() : r.from() + ": " + r.status() + " " + r.error());
    }
    node.rpc().callAsync(to, "Arith.sumDiff", args, Reply.class, timeout, ResponseMode.FIRST);
    node.rpc().cast(List.of("n2", "n3"), "Arith.sumDiff", args);   // no replies; future of the Delivery
    // README:end
    CompletableFuture<Delivery> cast = node.rpc().cast(to, "Arith.sumDiff", args);
    cast.get();
    return rs;
  }
}
