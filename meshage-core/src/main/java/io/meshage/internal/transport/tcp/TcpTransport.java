package io.meshage.internal.transport.tcp;

import io.meshage.Counter;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.codec.FrameCodec;
import io.meshage.internal.codec.NameRule;
import io.meshage.internal.transport.Transport;
import io.meshage.internal.NodeStats;
import io.meshage.ProtocolException;
import io.meshage.internal.security.BeaconSealer;
import io.meshage.internal.security.SecureHandshake;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Real sockets: a TCP listener with its own accept thread, links ({@link TcpConnection}) read and
 * written without blocking on the node's event loop, and UDP broadcast discovery on a shared port
 * (SO_REUSEADDR). An accepted connection first needs a {@link HandshakeSlots handshake slot} (else
 * it is closed at once and counted); on a keyed node it then runs its {@link KeyStep} on the loop
 * and reaches the node only once both sides proved the key. The accept thread survives anything
 * thrown while accepting, out of memory included.
 */
public final class TcpTransport implements Transport {
  private static final Logger LOG = LogManager.getLogger(TcpTransport.class);

  private final String node;
  private final IoLoop loop;
  private final int maxFrame;
  private final int queueFrames;
  private final int connectTimeoutMillis;
  private final NodeStats stats;
  private final Runnable onBadBeacon;
  private final HandshakeSlots slots;
  /** Refusals of connections not yet up are logged at most 20 times a second. */
  private final LogBudget refusalLog = new LogBudget(20);
  /** When a connection over the handshake bound was last logged (ms; rate-limits the warning). */
  private long overBoundLoggedMillis;
  private long overBoundUnlogged;
  private final Set<TcpConnection> connections = ConcurrentHashMap.newKeySet();
  private final ExecutorService dialer;
  private final List<ServerSocketChannel> servers = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile DatagramSocket udp;
  private volatile boolean closed;
  /** Both null on a keyless node; set once before the transport is used. */
  private volatile SecureHandshake security;
  private volatile BeaconSealer beacons;

  public TcpTransport(
      String node, IoLoop loop, int maxFrame, int queueFrames, int connectTimeoutMillis, NodeStats stats,
      Runnable onBadBeacon, int maxHandshakes, int maxHandshakesPerAddress) {
    this.node = node;
    this.loop = loop;
    this.maxFrame = maxFrame;
    this.queueFrames = queueFrames;
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.stats = stats;
    this.onBadBeacon = onBadBeacon;
    this.slots = new HandshakeSlots(maxHandshakes, maxHandshakesPerAddress);
    this.dialer =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "meshage-dial-" + node);
              t.setDaemon(true);
              return t;
            });
  }

  /** Keys this transport's links and beacons (see {@code io.meshage.internal.security}); before use. */
  public void secure(SecureHandshake handshake, BeaconSealer sealer) {
    this.security = handshake;
    this.beacons = sealer;
  }

  @Override
  public InetSocketAddress listen(String host, int port, Consumer<Connection> accepted)
      throws IOException {
    ServerSocketChannel s = ServerSocketChannel.open();
    try {
      s.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      s.bind(new InetSocketAddress(InetAddress.getByName(host), port), 256);
    } catch (IOException | RuntimeException e) {
      closeQuietly(s);
      throw e;
    }
    servers.add(s);
    Thread t = new Thread(() -> acceptLoop(s, accepted), "meshage-accept-" + node);
    t.setDaemon(true);
    t.start();
    return (InetSocketAddress) s.getLocalAddress();
  }

  private void acceptLoop(ServerSocketChannel s, Consumer<Connection> accepted) {
    while (!closed && s.isOpen()) {
      SocketChannel channel = null;
      HandshakeSlots.Slot slot = null;
      try {
        channel = s.accept();
        InetAddress host = hostOf(channel);
        slot = slots.take(host);
        if (slot == null) {
          stats.increment(Counter.HANDSHAKES_OVER_BOUND);
          overBound(host);
          closeQuietly(channel);
          continue;
        }
        admit(channel, slot, accepted);
      } catch (Throwable e) {
        // Anything (an OutOfMemoryError too) costs this connection, never the listener.
        if (slot != null) {
          slot.release();
        }
        closeQuietly(channel);
        if (closed || !s.isOpen()) {
          return;
        }
        stats.increment(Counter.ACCEPT_ERRORS);
        LOG.warn("[{}] accept failed: {}", node, e.toString());
        pause();
      }
    }
  }

  /** An accepted connection with its slot: keyless, to the node at once; keyed, after its key step. */
  private void admit(SocketChannel channel, HandshakeSlots.Slot slot, Consumer<Connection> accepted) throws IOException {
    SecureHandshake sec = security;
    if (sec == null) {
      accepted.accept(wrap(channel, null, slot));
      return;
    }
    SocketAddress remote = channel.getRemoteAddress();
    new KeyStep(node, channel, loop, sec.acceptor(), connectTimeoutMillis, stats, remote, refusalLog,
        new KeyStep.Outcome() {
          @Override
          public void keyed(SecureHandshake.Session session) {
            slot.release();
            try {
              accepted.accept(wrap(channel, session, null));
            } catch (IOException | RuntimeException e) {
              closeQuietly(channel);
              LOG.warn("[{}] dropped keyed connection {}: {}", node, remote, e.toString());
            }
          }

          @Override
          public void failed(String reason) {
            slot.release();
          }
        }).start();
  }

  private void overBound(InetAddress host) {
    long now = System.currentTimeMillis();
    synchronized (slots) {
      overBoundUnlogged++;
      if (now - overBoundLoggedMillis < 1000) {
        return;
      }
      LOG.warn("[{}] closed {} connection(s) at once, the latest from {}: {}", node, overBoundUnlogged,
          host == null ? "?" : host.getHostAddress(), slots.refusal(host));
      overBoundLoggedMillis = now;
      overBoundUnlogged = 0;
    }
  }

  /** After an accept error (out of memory, out of file descriptors): a moment to recover, not a hot loop. */
  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static InetAddress hostOf(SocketChannel channel) throws IOException {
    InetSocketAddress a = (InetSocketAddress) channel.getRemoteAddress();
    return a == null ? null : a.getAddress();
  }

  /** Handshake slots taken now (tests). */
  int handshakesUnderWay() {
    return slots.taken();
  }

  private TcpConnection wrap(SocketChannel channel, SecureHandshake.Session session, HandshakeSlots.Slot slot)
      throws IOException {
    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
    TcpConnection c =
        new TcpConnection(
            node, channel, loop, maxFrame, queueFrames, stats, connections::remove, session, slot, refusalLog);
    connections.add(c);
    if (closed) {
      c.close("transport closed");
    }
    return c;
  }

  @Override
  public void connect(InetSocketAddress address, BiConsumer<Connection, Throwable> done) {
    try {
      dialer.execute(
          () -> {
            SocketChannel channel = null;
            try {
              channel = SocketChannel.open();
              channel.socket().connect(address, connectTimeoutMillis);
              dialed(channel, done);
            } catch (IOException | RuntimeException e) {
              closeQuietly(channel);
              done.accept(null, e);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      done.accept(null, new IOException("transport closed"));
    }
  }

  /** A connected dial: keyless, a link at once; keyed, a link once its key step passed. */
  private void dialed(SocketChannel channel, BiConsumer<Connection, Throwable> done) throws IOException {
    SecureHandshake sec = security;
    if (sec == null) {
      done.accept(wrap(channel, null, null), null);
      return;
    }
    SocketAddress remote = channel.getRemoteAddress();
    new KeyStep(node, channel, loop, sec.dialer(), connectTimeoutMillis, stats, remote, refusalLog,
        new KeyStep.Outcome() {
          @Override
          public void keyed(SecureHandshake.Session session) {
            try {
              done.accept(wrap(channel, session, null), null);
            } catch (IOException | RuntimeException e) {
              closeQuietly(channel);
              done.accept(null, e);
            }
          }

          @Override
          public void failed(String reason) {
            done.accept(null, new ProtocolException("key step with " + remote + " failed: " + reason));
          }
        }).start();
  }

  @Override
  public Discovery openDiscovery(
      int port, String broadcastAddress, BiConsumer<Frame.Beacon, String> received) throws IOException {
    DatagramSocket s = new DatagramSocket(null);
    s.setReuseAddress(true);
    s.setBroadcast(true);
    s.bind(new InetSocketAddress(port));
    udp = s;
    InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(broadcastAddress), port);
    Thread t = new Thread(() -> receiveBeacons(s, received), "meshage-discovery-" + node);
    t.setDaemon(true);
    t.start();
    return new Discovery() {
      @Override
      public void send(Frame.Beacon beacon) {
        byte[] b = FrameCodec.toBytes(beacon);
        BeaconSealer sealer = beacons;
        if (sealer != null) {
          b = sealer.seal(b);
        }
        try {
          s.send(new DatagramPacket(b, b.length, target));
        } catch (IOException e) {
          LOG.debug("[{}] beacon to {} failed: {}", node, target, e.toString());
        }
      }

      @Override
      public void close() {
        s.close();
      }
    };
  }

  private void receiveBeacons(DatagramSocket s, BiConsumer<Frame.Beacon, String> received) {
    byte[] buf = new byte[2048];
    while (!s.isClosed()) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        s.receive(p);
      } catch (IOException e) {
        if (!s.isClosed()) {
          LOG.warn("[{}] discovery receive failed: {}", node, e.toString());
        }
        continue;
      }
      try {
        ByteBuffer datagram = ByteBuffer.wrap(buf, p.getOffset(), p.getLength()).slice();
        BeaconSealer sealer = beacons;
        if (sealer != null) {
          datagram = ByteBuffer.wrap(sealer.open(buf, p.getOffset(), p.getLength(), p.getAddress().getHostAddress()));
        }
        Frame f = FrameCodec.decodeDatagram(datagram, 2048);
        if (!(f instanceof Frame.Beacon b)) {
          throw new ProtocolException("datagram holds a " + f.getClass().getSimpleName() + ", not a beacon");
        }
        received.accept(b, p.getAddress().getHostAddress());
      } catch (BeaconSealer.ReplayException e) {
        stats.increment(Counter.BEACONS_REPLAYED);
        LOG.debug("[{}] refused beacon from {}: {}", node, p.getSocketAddress(), e.getMessage());
      } catch (NameRule.BadName e) {
        stats.increment(Counter.NAMES_REFUSED);
        LOG.debug("[{}] dropped beacon from {}: {}", node, p.getSocketAddress(), e.getMessage());
      } catch (ProtocolException e) {
        onBadBeacon.run();
        LOG.debug("[{}] bad datagram from {}: {}", node, p.getSocketAddress(), e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    servers.forEach(TcpTransport::closeQuietly);
    if (udp != null) {
      udp.close();
    }
    for (TcpConnection c : List.copyOf(connections)) {
      c.close("transport closed");
    }
    dialer.shutdownNow();
  }

  static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      // closing anyway
    }
  }
}
