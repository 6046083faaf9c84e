package io.meshage.internal.messaging;

import io.meshage.internal.codec.Frame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The ACK frames this node sent as a recipient during the last retention period, oldest first,
 * so that they can be sent again along a new route. Bounded in time and in ids held (the oldest go
 * first). Owned by the event loop.
 */
final class RetainedAcks {
  /** Most ids held at once (8 bytes each), whatever the retention. */
  static final int MAX_IDS = 1 << 20;

  private record Sent(Frame.Ack ack, long atNanos) {}

  private final long retentionNanos;
  private final ArrayDeque<Sent> sent = new ArrayDeque<>();
  private int ids;

  RetainedAcks(long retentionNanos) {
    this.retentionNanos = retentionNanos;
  }

  void add(Frame.Ack ack, long nowNanos) {
    if (retentionNanos <= 0) {
      return;
    }
    expire(nowNanos);
    sent.addLast(new Sent(ack, nowNanos));
    ids += ack.ids().length;
    while (ids > MAX_IDS && sent.size() > 1) {
      ids -= sent.pollFirst().ack().ids().length;
    }
  }

  boolean isEmpty() {
    return sent.isEmpty();
  }

  /** The ACKs still within the retention, oldest first. */
  List<Frame.Ack> live(long nowNanos) {
    expire(nowNanos);
    List<Frame.Ack> out = new ArrayList<>(sent.size());
    for (Sent s : sent) {
      out.add(s.ack());
    }
    return out;
  }

  private void expire(long nowNanos) {
    while (!sent.isEmpty() && nowNanos - sent.peekFirst().atNanos() > retentionNanos) {
      ids -= sent.pollFirst().ack().ids().length;
    }
  }
}
