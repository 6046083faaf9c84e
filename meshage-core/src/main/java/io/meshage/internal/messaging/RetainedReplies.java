package io.meshage.internal.messaging;

import io.meshage.internal.codec.BodyCodec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers this node sent without ACK (command and RPC replies) during the last retention period,
 * so that they can be sent again along a new route after a topology change: a relay on the way
 * back may have died with them. Written by handler and reader threads, read by the event loop;
 * lock-free and bounded (the oldest go first).
 */
final class RetainedReplies {
  /** Most answers held at once, whatever the retention. */
  static final int MAX_REPLIES = 1 << 16;

  record Reply(byte channel, String recipient, BodyCodec.Encoded body, long atNanos) {}

  private final long retentionNanos;
  private final ConcurrentLinkedDeque<Reply> replies = new ConcurrentLinkedDeque<>();
  private final AtomicInteger size = new AtomicInteger();

  RetainedReplies(long retentionNanos) {
    this.retentionNanos = retentionNanos;
  }

  void add(byte channel, String recipient, BodyCodec.Encoded body, long nowNanos) {
    if (retentionNanos <= 0) {
      return;
    }
    replies.addLast(new Reply(channel, recipient, body, nowNanos));
    if (size.incrementAndGet() > MAX_REPLIES && replies.pollFirst() != null) {
      size.decrementAndGet();
    }
  }

  /** The answers still within the retention, oldest first; expired ones are dropped. */
  List<Reply> live(long nowNanos) {
    List<Reply> out = new ArrayList<>();
    for (Iterator<Reply> it = replies.iterator(); it.hasNext(); ) {
      Reply r = it.next();
      if (nowNanos - r.atNanos() > retentionNanos) {
        it.remove();
        size.decrementAndGet();
      } else {
        out.add(r);
      }
    }
    return out;
  }
}
