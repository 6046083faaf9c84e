package io.meshage.tools.baseline;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.blocks.MethodCall;
import org.jgroups.blocks.RequestOptions;
import org.jgroups.blocks.RpcDispatcher;
import org.jgroups.fork.ForkChannel;

/**
 * Synchronous unicast RPC round trip: one member calls {@link EchoService#echo} on another and
 * waits for the reply, one call at a time. The dispatchers sit on fork channels, since an {@code
 * RpcDispatcher} on the main channel would swallow plain messages.
 */
final class RpcLatency {
  private static final String FORK_STACK = "baseline-rpc";
  private static final String FORK_CHANNEL = "echo";
  private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(10);

  private RpcLatency() {}

  /**
   * Round trips in nanoseconds from {@code members[0]} to {@code members[1]}, after a warm-up; every
   * member gets a dispatcher so that the whole cluster runs the same stack.
   */
  static Histogram measure(List<JChannel> members, BaselineSettings settings) throws Exception {
    Method echo = EchoService.class.getMethod("echo", byte[].class);
    List<ForkChannel> forks = new ArrayList<>();
    List<RpcDispatcher> dispatchers = new ArrayList<>();
    try {
      for (JChannel member : members) {
        ForkChannel fork = new ForkChannel(member, FORK_STACK, FORK_CHANNEL);
        forks.add(fork);
        fork.connect("ignored: a fork joins its main channel's cluster");
        RpcDispatcher dispatcher = new RpcDispatcher(fork, new EchoService());
        dispatcher.setMethodLookup(id -> id == EchoService.ECHO ? echo : null);
        dispatchers.add(dispatcher);
      }
      RpcDispatcher caller = dispatchers.get(0);
      Address callee = members.get(1).getAddress();
      RequestOptions sync = RequestOptions.SYNC().timeout(settings.phaseTimeout().toMillis());
      byte[] payload = new byte[settings.payloadBytes()];
      for (int i = 0; i < settings.rpcWarmupCalls(); i++) {
        call(caller, callee, payload, sync);
      }
      Histogram nanos = new Histogram(HIGHEST_NANOS, 3);
      for (int i = 0; i < settings.rpcCalls(); i++) {
        long start = System.nanoTime();
        call(caller, callee, payload, sync);
        nanos.recordValue(Math.min(System.nanoTime() - start, HIGHEST_NANOS));
      }
      return nanos;
    } finally {
      for (RpcDispatcher dispatcher : dispatchers) {
        dispatcher.stop();
      }
      for (ForkChannel fork : forks) {
        fork.close();
      }
    }
  }

  private static void call(
      RpcDispatcher caller, Address callee, byte[] payload, RequestOptions options)
      throws Exception {
    byte[] reply = caller.callRemoteMethod(callee, new MethodCall(EchoService.ECHO, payload), options);
    if (reply == null || reply.length != payload.length) {
      throw new IllegalStateException(
          "echo from " + callee + " returned " + (reply == null ? "null" : reply.length + " bytes")
              + " for " + payload.length);
    }
  }
}
