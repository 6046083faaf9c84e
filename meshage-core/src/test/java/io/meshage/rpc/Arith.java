package io.meshage.rpc;

import java.util.concurrent.atomic.AtomicInteger;

/** The service of the RPC tests (after bilateralrpc's example): arithmetic, echo, a thrower. */
public final class Arith {
  /** The arguments of {@link #sumDiff}. */
  public record Args(int a, int b) {}

  /** The reply of {@link #sumDiff}. */
  public record Reply(int sum, int diff, String node) {}

  private final String node;
  final AtomicInteger casts = new AtomicInteger();

  public Arith(String node) {
    this.node = node;
  }

  public Reply sumDiff(Args args) {
    return new Reply(args.a() + args.b(), args.a() - args.b(), node);
  }

  public String whoCalls(String greeting, RpcContext context) {
    return greeting + " " + context.sender() + " from " + node + " via " + context.method();
  }

  public int increment(int n) {
    return n + 1;
  }

  public void count(String ignored) {
    casts.incrementAndGet();
  }

  public String fail(String why) {
    throw new IllegalStateException("refused on " + node + ": " + why);
  }
}
