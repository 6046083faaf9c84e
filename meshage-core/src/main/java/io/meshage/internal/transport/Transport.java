package io.meshage.internal.transport;

import io.meshage.internal.codec.Frame;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The transport SPI: how a node listens, dials and broadcasts. {@code TcpTransport} uses real
 * sockets; the simulator's transport is in memory with virtual time. Callbacks may arrive on any
 * thread; the node hands them to its event loop.
 */
public interface Transport {
  /** Starts listening; returns the address actually bound. */
  InetSocketAddress listen(String host, int port, Consumer<Connection> accepted) throws IOException;

  /** Connects to {@code address}; {@code done} gets the connection or the failure. */
  void connect(InetSocketAddress address, BiConsumer<Connection, Throwable> done);

  /**
   * Opens broadcast discovery on {@code port}; {@code received} gets each beacon with the sender's
   * source address. Malformed datagrams are dropped (and counted) by the transport.
   */
  Discovery openDiscovery(int port, String broadcastAddress, BiConsumer<Frame.Beacon, String> received)
      throws IOException;

  /** Releases everything this transport opened. */
  void close();

  /** One link to a peer: frames in, frames out. */
  interface Connection {
    /** Starts delivering frames to {@code handler}. */
    void start(Handler handler);

    /** Queues {@code frame}; false when the queue is full (the frame is not sent). */
    boolean send(Frame frame);

    /**
     * Sends from a thread that is not the node's event loop: a transport may write at once
     * instead of leaving the frame to the loop (TCP does, without blocking). False when the frame
     * cannot be sent.
     */
    default boolean sendFromCaller(Frame frame) {
      return send(frame);
    }

    /**
     * The node accepted the peer's HELLO: the link leaves its pre-authentication limits (small
     * buffers, a small frame bound, a handshake slot). On the loop; default: nothing to lift.
     */
    default void linkUp() {}

    /** Queues {@code frame} even past the queue bound (control frames). */
    void sendControl(Frame frame);

    /** Closes after flushing what is queued (best effort); idempotent. */
    void close(String reason);

    /** Frames queued on this connection so far (any kind); tells whether the link was quiet. */
    long framesQueued();

    /** Remote address for logs. */
    String remote();

    /** The remote IP as text, for beacons without a listen host. */
    String remoteHost();
  }

  /** Receives a connection's events; called on a transport thread (on TCP, the node's event loop). */
  interface Handler {
    void onFrames(List<Frame> frames);

    void onClosed(String reason);
  }

  /** An open discovery channel. */
  interface Discovery {
    void send(Frame.Beacon beacon);

    void close();
  }
}
