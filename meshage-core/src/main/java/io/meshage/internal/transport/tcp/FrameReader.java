package io.meshage.internal.transport.tcp;

import io.meshage.Counter;
import io.meshage.MeshStats;
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
 * buffer (grown for a long frame or record only after its length passed the check, shrunk again
 * when empty), decodes complete frames in place (keyless) or verifies each AES-GCM record before
 * decoding its frames (keyed), and hands them to the node in batches.
 */
final class FrameReader {
  private static final int READ_BATCH = 512;
  private static final int READ_BUFFER = 64 * 1024;

  private final int maxFrame;
  private final int maxRecord;
  private final MeshStats stats;
  private final NameCache names = new NameCache();
  /** Null on a keyless link; set after the key step, before the first read here. */
  private RecordCipher opener;
  private Transport.Handler handler;
  private byte[] buf = new byte[READ_BUFFER];
  private ByteBuffer view = ByteBuffer.wrap(buf);
  private int start;
  private int end;
  /** Set when the link closed while its frames were being handled: the rest is dropped. */
  private boolean stopped;

  FrameReader(int maxFrame, int maxRecord, MeshStats stats) {
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

  /** Bytes the key step read past its own messages: the first bytes of the stream proper. */
  void prime(byte[] bytes) {
    ensureRoom(bytes.length);
    System.arraycopy(bytes, 0, buf, end, bytes.length);
    end += bytes.length;
  }

  /** Whether {@link #prime} left bytes to decode. */
  boolean hasBytes() {
    return end > start;
  }

  /** Reads once from {@code channel} into the buffer; false at the end of the stream. */
  boolean fill(SocketChannel channel) throws IOException {
    if (end == buf.length) {
      compact();
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
      if (opener == null) {
        FrameCodec.checkLength(length, maxFrame);
      } else if (length < RecordCipher.TAG_BYTES || length > maxRecord) {
        throw new ProtocolException("record length " + length + " outside [" + RecordCipher.TAG_BYTES + ", " + maxRecord + "]");
      }
      if (end - start - 4 < length) {
        if (length + 4 > buf.length) {
          grow(length + 4);
        }
        break;
      }
      stats.add(Counter.BYTES_IN, length + 4L);
      if (opener == null) {
        view.clear().position(start + 4).limit(start + 4 + length);
        offer(FrameCodec.decode(view, names), batch);
      } else {
        openRecord(start + 4, length, batch);
      }
      start += 4 + length;
      if (batch.size() >= READ_BATCH) {
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
      if (buf.length > READ_BUFFER) {
        buf = new byte[READ_BUFFER];
        view = ByteBuffer.wrap(buf);
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
    if (!handler.consumedByReader(frame)) {
      batch.add(frame);
    }
  }

  private void compact() {
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      start = 0;
    }
  }

  private void ensureRoom(int n) {
    compact();
    if (buf.length - end < n) {
      grow(end + n);
    }
  }

  /** A buffer of {@code size} bytes (a length already checked) holding what is unread. */
  private void grow(int size) {
    byte[] bigger = new byte[size];
    System.arraycopy(buf, start, bigger, 0, end - start);
    end -= start;
    start = 0;
    buf = bigger;
    view = ByteBuffer.wrap(buf);
  }
}
