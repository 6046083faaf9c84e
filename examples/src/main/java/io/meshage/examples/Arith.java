package io.meshage.examples;

import io.meshage.rpc.RpcContext;

// README:begin rpc
public class Arith {                                  // one argument, optionally an RpcContext
  public Reply sumDiff(Args a, RpcContext ctx) { return new Reply(a.a() + a.b(), a.a() - a.b()); }
}
// README:end
