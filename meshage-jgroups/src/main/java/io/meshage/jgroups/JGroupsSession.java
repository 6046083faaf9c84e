package io.meshage.jgroups;

import io.meshage.Discovery;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.Event;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.stack.IpAddress;

/**
 * One node's JGroups channel: announcements go out as small multicasts on a sender thread of its
 * own (the node's loop never blocks on JGroups), and announcements received become candidates.
 * When members join, a node that wants links announces again at once.
 */
final class JGroupsSession implements Discovery.Session, Receiver {
  private static final Logger LOG = LogManager.getLogger(JGroupsSession.class);

  private final Discovery.Context context;
  private final JChannel channel;
  private final ThreadPoolExecutor sender;
  private volatile String host;
  private volatile int lastWanted = -1;
  private volatile View view;
  private MergeNudge nudge;

  private JGroupsSession(Discovery.Context context, JChannel channel) {
    this.context = context;
    this.channel = channel;
    this.sender =
        new ThreadPoolExecutor(
            1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(8),
            r -> {
              Thread t = new Thread(r, "meshage-jgroups-" + context.name());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.DiscardOldestPolicy());
  }

  static JGroupsSession open(JGroupsDiscovery discovery, Discovery.Context context) throws IOException {
    JChannel channel;
    try (InputStream in = Files.newInputStream(discovery.stack())) {
      channel = new JChannel(in);
    } catch (IOException e) {
      throw new IOException("cannot read JGroups stack " + discovery.stack() + ": " + e.getMessage(), e);
    } catch (Exception e) {
      throw new IOException("bad JGroups stack " + discovery.stack() + ": " + e.getMessage(), e);
    }
    JGroupsSession s = new JGroupsSession(context, channel);
    String cluster = discovery.clusterFor(context.namespace());
    try {
      channel.name(context.name());
      channel.setDiscardOwnMessages(true);
      channel.setReceiver(s);
      channel.connect(cluster);
    } catch (Exception e) {
      s.close();
      throw new IOException(
          "node " + context.name() + " cannot join JGroups cluster " + cluster + " with " + discovery.stack() + ": "
              + e.getMessage(), e);
    }
    s.host = s.advertisedHost();
    LOG.info("[{}] discovery through JGroups cluster {} as {}, view {}", context.name(), cluster, channel.getAddress(),
        channel.getView());
    s.nudge = MergeNudge.startIfAlone(context.name(), cluster, channel);
    return s;
  }

  /**
   * The node's advertised host; else the listen host, or when it is the wildcard, the address
   * JGroups itself is bound to.
   */
  private String advertisedHost() {
    InetSocketAddress advertised = context.advertisedAddress();
    if (advertised != context.listenAddress() && !advertised.getHostString().isEmpty()) {
      return advertised.getHostString();
    }
    InetAddress listen = context.listenAddress().getAddress();
    if (listen != null && !listen.isAnyLocalAddress()) {
      return listen.getHostAddress();
    }
    Object physical = channel.down(new Event(Event.GET_PHYSICAL_ADDRESS, channel.getAddress()));
    if (physical instanceof IpAddress ip && ip.getIpAddress() != null && !ip.getIpAddress().isAnyLocalAddress()) {
      return ip.getIpAddress().getHostAddress();
    }
    return InetAddress.getLoopbackAddress().getHostAddress();
  }

  @Override
  public void announce(int wanted) {
    lastWanted = wanted;
    byte[] bytes =
        new Announcement(context.namespace(), context.name(), host, context.advertisedAddress().getPort(), wanted).encode();
    sender.execute(() -> send(bytes));
  }

  private void send(byte[] bytes) {
    try {
      channel.send(new BytesMessage(null, bytes));
    } catch (Exception e) {
      LOG.debug("[{}] JGroups announcement not sent: {}", context.name(), e.toString());
    }
  }

  @Override
  public void receive(Message msg) {
    if (!msg.hasArray()) {
      return;
    }
    Announcement a = Announcement.decode(msg.getArray(), msg.getOffset(), msg.getLength());
    if (a == null) {
      LOG.debug("[{}] ignored a JGroups message from {} that is no announcement", context.name(), msg.getSrc());
      return;
    }
    context.candidate(a.name(), a.namespace(), InetSocketAddress.createUnresolved(a.host(), a.port()), a.wanted());
  }

  @Override
  public void viewAccepted(View next) {
    View previous = view;
    view = next;
    int wanted = lastWanted;
    if (previous != null && wanted > 0 && !View.newMembers(previous, next).isEmpty()) {
      announce(wanted);
    }
  }

  /** Members of the JGroups view now (for tests and status). */
  List<Address> members() {
    View v = view;
    return v == null ? List.of() : v.getMembers();
  }

  @Override
  public void close() {
    if (nudge != null) {
      nudge.close();
    }
    sender.shutdownNow();
    try {
      channel.close();
    } catch (RuntimeException e) {
      LOG.debug("[{}] closing the JGroups channel: {}", context.name(), e.toString());
    }
  }
}
