package io.meshage.internal.transport.tcp;

import io.meshage.Counter;
import io.meshage.internal.NodeStats;
import io.meshage.ProtocolException;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.codec.FrameCodec;
import io.meshage.internal.codec.NameCache;
import io.meshage.internal.security.RecordCipher;
import io.meshage.internal.transport.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The read side of one link, on the event loop: reads what the non-blocking channel has into one
 * buffer, decodes complete frames in place (keyless) or verifies each AES-GCM record before
 * decoding its frames (keyed), and hands them to the node in batches. The buffer grows only with
 * bytes that arrived (doubling when full, never to a length a peer claims) and shrinks again when
 * empty: at once before the link is up, else after {@value #SHRINK_AFTER} reads that left it empty
 * without a frame longer than {@value #READ_BUFFER} bytes (so that a stream of 1 MiB file parts
 * does not shrink and regrow the buffer for every part, while an idle link gives it back). Until {@link #linkUp} (the node accepted the peer's HELLO) a link is pre-authentication:
 * its buffer starts at {@value #PRE_AUTH_BUFFER} bytes, a frame may be at most {@value
 * #PRE_AUTH_MAX_FRAME} bytes, and frames are handed over one at a time, so the one that brings the
 * link up lifts the limits for the next.
 */
final class FrameReader {
  private static final int READ_BATCH = 512;
  private static final int READ_BUFFER = 64 * 1024;
  /** Reads that leave the buffer empty with only short frames before a grown buffer shrinks. */
  static final int SHRINK_AFTER = 32;
  /** The read buffer of a link before it is up. */
  static final int PRE_AUTH_BUFFER = 512;
  /** The longest frame a link takes before it is up (a HELLO or a BYE is far shorter). */
  static final int PRE_AUTH_MAX_FRAME = 4096;

  private final int maxFrame;
  private final int maxRecord;
  private final NodeStats stats;
  private final NameCache names = new NameCache();
  /** Null on a keyless link; set after the key step, before the first read here. */
  private RecordCipher opener;
  private Transport.Handler handler;
  private byte[] buf = new byte[PRE_AUTH_BUFFER];
  private ByteBuffer view = ByteBuffer.wrap(buf);
  private int start;
  private int end;
  /** Bytes the frame or record at {@link #start} needs with its prefix, once its length passed the check; else 0. */
  private int needed;
  private boolean up;
  /** Set when the link closed while its frames were being handled: the rest is dropped. */
  private boolean stopped;
  /** Set by the first bulk frame decoded here. */
  private boolean bulkArrived;
  /** Reads in a row that left the buffer empty and saw no frame longer than {@value #READ_BUFFER}. */
  private int shortEmptyReads;

  FrameReader(int maxFrame, int maxRecord, NodeStats stats) {
    this.maxFrame = maxFrame;
    this.maxRecord = maxRecord;
    this.stats = stats;
  }

  /** Where frames go, and the record cipher of a keyed link (else null). */
  void start(Transport.Handler h, RecordCipher recordOpener) {
    this.handler = h;
    this.opener = recordOpener;
  }

  /** The link closed: frames still in the buffer are not handed over. */
  void stop() {
    stopped = true;
  }

  /** The link is up: the frame bound is the node's, and the link's read buffer is allocated now. */
  void linkUp() {
    if (up) {
      return;
    }
    up = true;
    if (buf.length < READ_BUFFER) {
      grow(READ_BUFFER);
    }
  }

  /** Whether {@link #linkUp} was called. */
  boolean isUp() {
    return up;
  }

  /** The buffer's size now (tests). */
  int capacity() {
    return buf.length;
  }

  /** Reads once from {@code channel} into the buffer; false at the end of the stream. */
  boolean fill(SocketChannel channel) throws IOException {
    if (end == buf.length) {
      compact();
      if (end == buf.length) {
        // Full of one frame's arrived bytes: room for as many again, at most what the frame needs.
        grow(Math.min(2 * buf.length, Math.max(needed, buf.length + 1)));
      }
    }
    view.clear().position(end);
    int n = channel.read(view);
    if (n < 0) {
      return false;
    }
    end += n;
    return true;
  }

  /** Decodes and dispatches everything complete in the buffer; a malformed stream throws {@link ProtocolException}. */
  void decodeAvailable() throws ProtocolException {
    List<Frame> batch = new ArrayList<>();
    while (end - start >= 4 && !stopped) {
      int length = ((buf[start] & 0xFF) << 24) | ((buf[start + 1] & 0xFF) << 16) | ((buf[start + 2] & 0xFF) << 8)
          | (buf[start + 3] & 0xFF);
      if (!up && length > PRE_AUTH_MAX_FRAME) {
        throw new ProtocolException(
            "a frame of " + length + " bytes before the link is up (at most " + PRE_AUTH_MAX_FRAME + ")");
      }
      if (opener == null) {
        FrameCodec.checkLength(length, maxFrame);
      } else if (length < RecordCipher.TAG_BYTES || length > maxRecord) {
        throw new ProtocolException("record length " + length + " outside [" + RecordCipher.TAG_BYTES + ", " + maxRecord + "]");
      }
      if (end - start - 4 < length) {
        needed = length + 4;
        break;
      }
      needed = 0;
      if (length > READ_BUFFER) {
        shortEmptyReads = 0;
      }
      stats.add(Counter.BYTES_IN, length + 4L);
      if (opener == null) {
        view.clear().position(start + 4).limit(start + 4 + length);
        offer(FrameCodec.decode(view, names), batch);
      } else {
        openRecord(start + 4, length, batch);
      }
      start += 4 + length;
      if (batch.size() >= READ_BATCH || (!up && !batch.isEmpty())) {
        handler.onFrames(batch);
        batch = new ArrayList<>();
      }
    }
    if (!batch.isEmpty()) {
      handler.onFrames(batch);
    }
    if (start == end) {
      start = 0;
      end = 0;
      int size = up ? READ_BUFFER : PRE_AUTH_BUFFER;
      if (buf.length > size && (!up || ++shortEmptyReads >= SHRINK_AFTER)) {
        buf = new byte[size];
        view = ByteBuffer.wrap(buf);
        shortEmptyReads = 0;
      }
    }
  }

  private void openRecord(int offset, int length, List<Frame> batch) throws ProtocolException {
    ByteBuffer plain;
    try {
      plain = ByteBuffer.wrap(opener.open(buf, offset, length));
    } catch (ProtocolException e) {
      stats.increment(Counter.LINK_AUTH_FAILED);
      throw e;
    }
    while (plain.hasRemaining()) {
      if (plain.remaining() < 4) {
        throw new ProtocolException("record ends inside a frame's length prefix");
      }
      int frameLength = plain.getInt();
      FrameCodec.checkLength(frameLength, maxFrame);
      if (frameLength > plain.remaining()) {
        throw new ProtocolException("frame of " + frameLength + " bytes overruns its record");
      }
      ByteBuffer body = plain.slice(plain.position(), frameLength);
      plain.position(plain.position() + frameLength);
      offer(FrameCodec.decode(body), batch);
    }
  }

  private void offer(Frame frame, List<Frame> batch) {
    if (!bulkArrived && frame instanceof Frame.Data d && d.channel() == Frame.BULK) {
      bulkArrived = true;
    }
    batch.add(frame);
  }

  /** Whether a bulk frame has arrived on this link. */
  boolean bulkArrived() {
    return bulkArrived;
  }

  private void compact() {
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      start = 0;
    }
  }

  /** A buffer of {@code size} bytes (at most a checked length) holding what is unread. */
  private void grow(int size) {
    byte[] bigger = new byte[size];
    System.arraycopy(buf, start, bigger, 0, end - start);
    end -= start;
    start = 0;
    buf = bigger;
    view = ByteBuffer.wrap(buf);
  }
}
