package io.meshage.internal.transport.tcp;

import io.meshage.Counter;
import io.meshage.internal.NodeStats;
import io.meshage.ProtocolException;
import io.meshage.internal.EventLoop;
import io.meshage.internal.security.KeyExchange;
import io.meshage.internal.security.SecureHandshake;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs the key step of one keyed connection on the node's event loop, without blocking and
 * without a thread of its own: reads exactly the bytes the {@link KeyExchange} waits for into a
 * buffer of at most {@value KeyExchange#MAX_MESSAGE} bytes, writes its small answers, and gives up
 * at the handshake timeout. Nothing of a link (buffers, ciphers, the node's handshake) exists
 * until both sides proved they hold the key; then {@code keyed} gets the session, on the loop.
 */
final class KeyStep implements IoLoop.Ready {
  private static final Logger LOG = LogManager.getLogger(KeyStep.class);

  /** Where a key step ends: exactly one of the two is called, on the loop. */
  interface Outcome {
    void keyed(SecureHandshake.Session session);

    /** {@code reason} says why, without the peer's address. */
    void failed(String reason);
  }

  private final String node;
  private final SocketChannel channel;
  private final IoLoop loop;
  private final KeyExchange exchange;
  private final int timeoutMillis;
  private final NodeStats stats;
  /** The peer's address, formatted only when a line is logged. */
  private final SocketAddress remote;
  private final Outcome outcome;
  private final LogBudget logBudget;
  private ByteBuffer in;
  private ByteBuffer out;
  private SelectionKey key;
  private EventLoop.Cancellable timer;
  private boolean over;

  KeyStep(
      String node, SocketChannel channel, IoLoop loop, KeyExchange exchange, int timeoutMillis, NodeStats stats,
      SocketAddress remote, LogBudget logBudget, Outcome outcome) {
    this.node = node;
    this.channel = channel;
    this.loop = loop;
    this.exchange = exchange;
    this.timeoutMillis = timeoutMillis;
    this.stats = stats;
    this.remote = remote;
    this.outcome = outcome;
    this.logBudget = logBudget;
  }

  /** Starts the exchange (any thread; the work happens on the loop). */
  void start() {
    if (!loop.isRunning()) {
      TcpTransport.closeQuietly(channel);
      outcome.failed("the node is closing");
      return;
    }
    loop.execute(this::begin);
  }

  private void begin() {
    try {
      channel.configureBlocking(false);
      key = loop.register(channel, SelectionKey.OP_READ, this);
    } catch (IOException | RuntimeException e) {
      fail("cannot register the socket: " + e, false);
      return;
    }
    timer = loop.schedule(() -> fail("key step timed out after " + timeoutMillis + " ms", false),
        TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
    in = ByteBuffer.allocate(exchange.wanted() == 0 ? 1 : exchange.wanted());
    send(exchange.opening());
  }

  @Override
  public void ready(SelectionKey k) {
    if (over) {
      return;
    }
    try {
      if (k.isValid() && k.isWritable()) {
        flush();
      }
      if (!over && k.isValid() && k.isReadable()) {
        read();
      }
    } catch (SecureHandshake.Refused e) {
      writeQuietly(e.reply());
      fail(e.getMessage(), true);
    } catch (ProtocolException e) {
      fail(e.getMessage(), true);
    } catch (IOException e) {
      fail("read failed: " + e.getMessage(), false);
    }
  }

  private void read() throws IOException {
    int n = channel.read(in);
    if (n < 0) {
      throw new ProtocolException("peer closed during the key step (does it hold a namespace key?)");
    }
    if (in.hasRemaining()) {
      return;
    }
    byte[] reply = exchange.receive(in.array());
    if (!exchange.done()) {
      in = ByteBuffer.allocate(exchange.wanted());
    }
    send(reply);
  }

  private void send(byte[] bytes) {
    if (bytes.length > 0) {
      out = ByteBuffer.wrap(bytes);
    }
    try {
      flush();
    } catch (IOException e) {
      fail("write failed: " + e.getMessage(), false);
    }
  }

  private void flush() throws IOException {
    if (out != null) {
      channel.write(out);
      if (out.hasRemaining()) {
        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        return;
      }
      out = null;
      key.interestOps(SelectionKey.OP_READ);
    }
    if (exchange.done() && !over) {
      over = true;
      timer.cancel();
      key.interestOps(0);
      outcome.keyed(exchange.session());
    }
  }

  /** Ends the step; {@code refused} when the peer failed it (logged), else a timeout or I/O error. */
  private void fail(String reason, boolean refused) {
    if (over) {
      return;
    }
    over = true;
    exchange.end();
    if (timer != null) {
      timer.cancel();
    }
    stats.increment(Counter.LINK_AUTH_FAILED);
    String more = refused ? logBudget.take(System.currentTimeMillis()) : null;
    if (more != null) {
      LOG.warn("[{}] refused {}: key step failed: {}{}", node, remote, reason, more);
    } else if (!refused) {
      LOG.debug("[{}] key step with {} ended: {}", node, remote, reason);
    }
    outcome.failed(reason);
    TcpTransport.closeQuietly(channel);
  }

  private void writeQuietly(byte[] bytes) {
    try {
      channel.write(ByteBuffer.wrap(bytes));
    } catch (IOException e) {
      // closing anyway
    }
  }
}
