package io.meshage.tools.baseline;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.blocks.MethodCall;
import org.jgroups.blocks.RequestOptions;
import org.jgroups.blocks.ResponseMode;
import org.jgroups.blocks.RpcDispatcher;
import org.jgroups.fork.ForkChannel;
import org.jgroups.util.Rsp;
import org.jgroups.util.RspList;

/**
 * JGroups' multicast RPC for comparison: a cluster of {@code targets + 1} members on loopback, the
 * first calling {@link EchoService#echo} on all the others with {@code RpcDispatcher} and
 * GET_ALL, one call at a time. The dispatchers sit on fork channels (see {@link RpcLatency}).
 */
public final class MulticastRpcBaseline {
  private static final String FORK_STACK = "baseline-multicast-rpc";
  private static final String FORK_CHANNEL = "echo";
  private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(10);

  private MulticastRpcBaseline() {}

  /** Round trips in nanoseconds of GET_ALL calls from one member to {@code targets} others. */
  public static Histogram measure(BaselineSettings settings, int targets) throws Exception {
    if (System.getProperty("java.net.preferIPv4Stack") == null) {
      System.setProperty("java.net.preferIPv4Stack", "true");
    }
    try (BaselineCluster cluster = BaselineCluster.start(settings, targets + 1)) {
      return measure(cluster.members(), settings);
    }
  }

  private static Histogram measure(List<JChannel> members, BaselineSettings settings) throws Exception {
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
      List<Address> targets = new ArrayList<>();
      for (JChannel member : members.subList(1, members.size())) {
        targets.add(member.getAddress());
      }
      RequestOptions all =
          new RequestOptions(ResponseMode.GET_ALL, settings.phaseTimeout().toMillis());
      byte[] payload = new byte[settings.payloadBytes()];
      for (int i = 0; i < settings.rpcWarmupCalls(); i++) {
        call(caller, targets, payload, all);
      }
      Histogram nanos = new Histogram(HIGHEST_NANOS, 3);
      for (int i = 0; i < settings.rpcCalls(); i++) {
        long start = System.nanoTime();
        call(caller, targets, payload, all);
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
      RpcDispatcher caller, List<Address> targets, byte[] payload, RequestOptions options)
      throws Exception {
    RspList<byte[]> replies =
        caller.callRemoteMethods(targets, new MethodCall(EchoService.ECHO, payload), options);
    if (replies.size() != targets.size()) {
      throw new IllegalStateException("GET_ALL returned " + replies.size() + " of " + targets.size());
    }
    for (Map.Entry<Address, Rsp<byte[]>> e : replies.entrySet()) {
      Rsp<byte[]> r = e.getValue();
      if (!r.wasReceived() || r.getValue() == null || r.getValue().length != payload.length) {
        throw new IllegalStateException("bad reply from " + e.getKey() + ": " + r);
      }
    }
  }
}
